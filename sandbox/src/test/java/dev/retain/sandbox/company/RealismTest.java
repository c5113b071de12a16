package dev.retain.sandbox.company;

import static dev.retain.sandbox.company.Companies.ANCHOR;
import static dev.retain.sandbox.company.Companies.ANCHOR_CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.model.Account;
import dev.retain.model.Contact;
import dev.retain.model.SurveyResponse;
import dev.retain.model.Ticket;
import dev.retain.model.UsageDaily;
import dev.retain.sandbox.SandboxView;
import dev.retain.sandbox.company.GroundTruth.TrueCustomer;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rates, signal and mess: what makes the sandbox worth analysing. */
class RealismTest {
  private static SandboxCompany company;
  private static GroundTruth truth;
  private static SandboxView view;
  private static LocalDate firstDay;

  /** Share of seats active per day, per customer key and day. */
  private static Map<String, Map<LocalDate, Double>> activity;

  @BeforeAll
  static void generate() {
    company = Companies.medium();
    truth = company.truth();
    view = company.viewAt(ANCHOR_CLOCK);
    firstDay = view.firstUsageDay();
    Map<String, Integer> seats = new HashMap<>();
    truth.customers().forEach(c -> seats.put(c.key(), Math.max(1, c.seats())));
    activity = new HashMap<>();
    for (LocalDate d = firstDay; d.isBefore(ANCHOR); d = d.plusDays(1)) {
      for (UsageDaily u : view.usage(d).toList()) {
        String key = truth.customerOf(u.account()).orElseThrow();
        activity
            .computeIfAbsent(key, k -> new HashMap<>())
            .put(u.day(), u.activeSeats() / (double) seats.get(key));
      }
    }
  }

  @Test
  void yearlyChurnIsPlausible() {
    LocalDate yearAgo = ANCHOR.minusYears(1);
    List<TrueCustomer> atStart =
        truth.customers().stream()
            .filter(c -> !c.startedOn().isAfter(yearAgo))
            .filter(c -> c.churnedOn() == null || c.churnedOn().isAfter(yearAgo))
            .toList();
    long churned =
        atStart.stream()
            .filter(c -> c.churnedOn() != null && !c.churnedOn().isAfter(ANCHOR))
            .count();

    assertThat(churned / (double) atStart.size()).isBetween(0.07, 0.18);
    assertThat(truth.customers().stream().map(TrueCustomer::churnCause).filter(Objects::nonNull))
        .contains("HEALTH", "INVISIBLE", "PAYMENT");
  }

  @Test
  void churnersUseTheProductLessBeforeTheyLeaveButNotAllOfThem() {
    List<TrueCustomer> churners = churnersWithHistory();
    Map<String, Double> churnerRate = new HashMap<>();
    churners.forEach(c -> churnerRate.put(c.key(), meanActivity(c.key(), c.churnedOn())));
    List<Double> stayerRates =
        stayers().stream().map(c -> meanActivity(c.key(), ANCHOR)).sorted().toList();
    double stayerMedian = stayerRates.get(stayerRates.size() / 2);

    double churnerMean = mean(churnerRate.values().stream().toList());
    assertThat(churnerMean).isLessThan(mean(stayerRates) * 0.85);
    long activeChurners = churnerRate.values().stream().filter(r -> r > stayerMedian).count();
    assertThat(activeChurners / (double) churners.size())
        .as("some churners look perfectly healthy")
        .isBetween(0.05, 0.45);
  }

  @Test
  void churnersAreMoreOftenDetractors() {
    Map<String, TrueCustomer> churners =
        churnersWithHistory().stream().collect(Collectors.toMap(TrueCustomer::key, c -> c));
    Map<String, TrueCustomer> stayers =
        stayers().stream().collect(Collectors.toMap(TrueCustomer::key, c -> c));
    List<SurveyResponse> beforeChurn =
        responsesWithin(r -> churners.get(key(r)), c -> c.churnedOn());
    List<SurveyResponse> beforeAnchor = responsesWithin(r -> stayers.get(key(r)), c -> ANCHOR);

    double churnerDetractors = detractorShare(beforeChurn);
    double stayerDetractors = detractorShare(beforeAnchor);
    assertThat(churnerDetractors).isGreaterThan(stayerDetractors * 1.3);
    assertThat(beforeChurn).as("some churners were promoters").anyMatch(r -> r.score() >= 9);
    assertThat(stayerDetractors).isBetween(0.08, 0.35);
  }

  @Test
  void ticketsPileUpAndGoUrgentForUnhealthyCustomers() {
    Map<String, TrueCustomer> churners =
        churnersWithHistory().stream().collect(Collectors.toMap(TrueCustomer::key, c -> c));
    List<Ticket> tickets = view.tickets();
    double churnerUrgent =
        urgentShare(tickets.stream().filter(t -> churners.containsKey(key(t))).toList());
    double overallUrgent = urgentShare(tickets);

    assertThat(churnerUrgent).isGreaterThan(overallUrgent);
    assertThat(overallUrgent).isBetween(0.02, 0.15);
    assertThat(tickets)
        .anyMatch(
            t ->
                t.priority() == Ticket.Priority.URGENT
                    && t.status().isOpen()
                    && t.createdAt().isBefore(ANCHOR_CLOCK.minus(30, ChronoUnit.DAYS)));
    assertThat(tickets.stream().map(Ticket::satisfaction).distinct())
        .contains(
            Ticket.Satisfaction.GOOD,
            Ticket.Satisfaction.BAD,
            Ticket.Satisfaction.OFFERED,
            Ticket.Satisfaction.UNOFFERED);
  }

  @Test
  void identitiesAreMessy() {
    List<Account> orgs = view.accounts(SandboxView.ZENDESK);
    List<Account> sfAccounts = view.accounts(SandboxView.SALESFORCE);
    List<Contact> sfContacts = view.contacts(SandboxView.SALESFORCE);
    List<Contact> users = view.contacts(SandboxView.ZENDESK);

    double orgsWithoutExternalId =
        orgs.stream().filter(o -> o.externalId() == null).count() / (double) orgs.size();
    assertThat(orgsWithoutExternalId).isBetween(0.1, 0.3);
    assertThat(orgs.size() / (double) truth.customers().size()).isBetween(0.6, 0.8);
    assertThat(sfAccounts).anyMatch(a -> a.domain() != null && a.domain().startsWith("www."));
    assertThat(sfAccounts).anyMatch(a -> a.domain() != null && a.domain().startsWith("https://"));
    assertThat(orgs).anyMatch(o -> o.domain() != null && o.domain().startsWith("www."));
    assertThat(orgs).anyMatch(o -> o.domain() == null);
    assertThat(sfAccounts).anyMatch(a -> a.externalId() == null && a.arr() != null);
    assertThat(sfContacts).anyMatch(c -> c.email().toLowerCase(Locale.ROOT).endsWith("@gmail.com"));
    assertThat(sfContacts).anyMatch(c -> !c.email().equals(c.email().toLowerCase(Locale.ROOT)));
    assertThat(users).anyMatch(u -> u.email().contains("+"));
    assertThat(users).anyMatch(u -> u.account() == null);
    assertThat(view.surveyResponses()).anyMatch(r -> r.accountExternalId() == null);
    assertThat(view.surveyResponses())
        .filteredOn(r -> r.accountExternalId() != null)
        .hasSizeGreaterThan(view.surveyResponses().size() / 4);
  }

  @Test
  void someRecordsAreDuplicatedWithinOneSystem() {
    Map<String, Long> sfAccountsPerCustomer =
        view.accounts(SandboxView.SALESFORCE).stream()
            .collect(
                Collectors.groupingBy(
                    a -> truth.customerOf(a.ref()).orElseThrow(), Collectors.counting()));
    long twoAccounts = sfAccountsPerCustomer.values().stream().filter(n -> n > 1).count();
    assertThat(twoAccounts / (double) sfAccountsPerCustomer.size()).isBetween(0.005, 0.05);

    Map<String, Long> sameNameUsers =
        view.contacts(SandboxView.ZENDESK).stream()
            .collect(
                Collectors.groupingBy(
                    u -> truth.customerOf(u.ref()).orElseThrow() + "/" + u.name(),
                    Collectors.counting()));
    assertThat(sameNameUsers.values()).anyMatch(n -> n > 1);

    Map<String, List<String>> customersByEmail =
        view.contacts(SandboxView.SALESFORCE).stream()
            .collect(
                Collectors.groupingBy(
                    c -> c.email().toLowerCase(Locale.ROOT),
                    Collectors.mapping(
                        c -> truth.customerOf(c.ref()).orElseThrow(), Collectors.toList())));
    assertThat(customersByEmail.values())
        .as("a shared billing mailbox appears at several customers")
        .anyMatch(keys -> keys.stream().distinct().count() > 1);
  }

  @Test
  void systemsNameTheSameCustomerDifferently() {
    Map<String, String> sfName = new HashMap<>();
    view.accounts(SandboxView.SALESFORCE)
        .forEach(a -> sfName.putIfAbsent(truth.customerOf(a.ref()).orElseThrow(), a.name()));
    List<Account> orgs = view.accounts(SandboxView.ZENDESK);
    long differ =
        orgs.stream()
            .filter(o -> !o.name().equals(sfName.get(truth.customerOf(o.ref()).orElseThrow())))
            .count();

    assertThat(differ / (double) orgs.size()).isBetween(0.5, 0.98);
  }

  private static List<TrueCustomer> churnersWithHistory() {
    return truth.customers().stream()
        .filter(c -> c.churnedOn() != null)
        .filter(c -> c.churnedOn().isAfter(firstDay.plusDays(90)) && c.churnedOn().isBefore(ANCHOR))
        .filter(c -> c.startedOn().isBefore(firstDay))
        .toList();
  }

  private static List<TrueCustomer> stayers() {
    return truth.customers().stream()
        .filter(c -> c.churnedOn() == null || c.churnedOn().isAfter(ANCHOR.plusDays(60)))
        .filter(c -> c.startedOn().isBefore(firstDay))
        .toList();
  }

  private static double meanActivity(String key, LocalDate until) {
    Map<LocalDate, Double> days = activity.getOrDefault(key, Map.of());
    double sum = 0;
    for (LocalDate d = until.minusDays(60); d.isBefore(until); d = d.plusDays(1)) {
      sum += days.getOrDefault(d, 0.0);
    }
    return sum / 60;
  }

  private static String key(SurveyResponse r) {
    return truth.customerOf(r.ref()).orElseThrow();
  }

  private static String key(Ticket t) {
    return truth.customerOf(t.ref()).orElseThrow();
  }

  private static List<SurveyResponse> responsesWithin(
      java.util.function.Function<SurveyResponse, TrueCustomer> customer,
      java.util.function.Function<TrueCustomer, LocalDate> until) {
    return view.surveyResponses().stream()
        .filter(
            r -> {
              TrueCustomer c = customer.apply(r);
              if (c == null) {
                return false;
              }
              LocalDate end = until.apply(c);
              LocalDate day = LocalDate.ofInstant(r.createdAt(), java.time.ZoneOffset.UTC);
              return day.isBefore(end) && !day.isBefore(end.minusDays(180));
            })
        .toList();
  }

  private static double detractorShare(List<SurveyResponse> responses) {
    Predicate<SurveyResponse> detractor = r -> r.category().equals("detractor");
    return responses.stream().filter(detractor).count() / (double) responses.size();
  }

  private static double urgentShare(List<Ticket> tickets) {
    return tickets.stream().filter(t -> t.priority() == Ticket.Priority.URGENT).count()
        / (double) tickets.size();
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}
