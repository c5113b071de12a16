package dev.retain.sandbox.company;

import dev.retain.model.Ticket.Priority;
import dev.retain.model.Ticket.Satisfaction;
import dev.retain.model.Ticket.Status;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * When customers raise support tickets and how each one runs its course. The weekly rate rises as
 * health falls and in incident weeks; low health also makes urgent tickets likelier, solving
 * slower, some urgent tickets never solved, and ratings worse.
 */
final class TicketModel {
  private static final String[][] SUBJECTS = {
    {
      "Question about exporting reports",
      "How do I add a teammate?",
      "Feature request: dark mode",
      "Change the invoice address",
      "Where can I find the API docs?"
    },
    {
      "CSV export is missing columns", "Dashboard loads slowly",
          "Password reset email not arriving",
      "Cannot invite new users", "Webhook retries look wrong", "Billing question about our invoice"
    },
    {
      "Data sync stopped overnight",
      "SSO login fails for some users",
      "API returns 500 errors",
      "Scheduled reports not sent",
      "Integration with our CRM broke"
    },
    {
      "Production outage: app not loading", "URGENT: all users locked out",
      "Data loss after last update", "Critical: payments integration down"
    }
  };
  private static final String[] AFTER_CHURN = {
    "Please export all our data", "Remove our card on file", "Cancel remaining invoices"
  };
  private static final double[] MEDIAN_SOLVE_HOURS = {60, 30, 14, 6};
  private static final double[] MEDIAN_FIRST_REPLY_HOURS = {8, 4, 2, 0.5};
  private static final double[] NEVER_SOLVED = {0.002, 0.002, 0.03, 0.12};
  private static final long CLOSE_AFTER_SECONDS = 4 * 86_400L;

  /** A ticket before it gets an id: who raised it, about what, and how it runs its course. */
  record Plan(
      Customer customer,
      Person requester,
      boolean fromSecondUser,
      String subject,
      Priority priority,
      Instant created,
      Timeline timeline) {}

  /**
   * A ticket's course: status changes ({@code changes[i]} is when {@code statuses[i]} began), the
   * solve time (null when never solved) and the satisfaction survey (offered, then maybe rated).
   */
  record Timeline(
      Instant[] changes,
      Status[] statuses,
      Instant solvedAt,
      Instant offeredAt,
      Instant ratedAt,
      Satisfaction rating) {}

  private final LocalDate start;
  private final LocalDate end;

  TicketModel(LocalDate start, LocalDate end) {
    this.start = start;
    this.end = end;
  }

  /** Every ticket the customer raises between the start and end of history. */
  List<Plan> tickets(Rng rng, Customer customer, List<Person> people, double secondUserShare) {
    List<Plan> plans = new ArrayList<>();
    Lifecycle life = customer.life();
    for (LocalDate week = start; !week.isAfter(end); week = week.plusDays(7)) {
      if (!life.activeOn(week) && !life.activeOn(week.plusDays(6))) {
        continue;
      }
      double h = customer.health().at(week);
      boolean incident = customer.health().incident(week) != HealthPath.NO_INCIDENT;
      double rate =
          customer.plan().ticketsPerWeek()
              * customer.ticketPropensity()
              * Math.min(4, Math.exp(-0.7 * (h - HealthProcess.TYPICAL)))
              * (incident ? 3 : 1);
      for (int n = rng.poisson(rate); n > 0; n--) {
        Instant created = workTime(rng, week);
        LocalDate day = LocalDate.ofInstant(created, ZoneOffset.UTC);
        if (day.isAfter(end) || !life.activeOn(day)) {
          continue;
        }
        Person requester = requester(rng, people, day);
        boolean second = rng.chance(secondUserShare);
        int p = priority(rng, h, incident);
        plans.add(
            new Plan(
                customer,
                requester,
                second,
                rng.pick(SUBJECTS[p]),
                Priority.values()[p],
                created,
                timeline(rng, p, created, h)));
      }
    }
    if (life.churned() != null && rng.chance(0.3)) {
      plans.addAll(afterChurn(rng, customer, people.get(0)));
    }
    return plans;
  }

  /** A last request or two after leaving: the data export, the card on file. */
  private List<Plan> afterChurn(Rng rng, Customer customer, Person requester) {
    LocalDate day = customer.life().churned().plusDays(rng.between(1, 30));
    if (day.isAfter(end)) {
      return List.of();
    }
    Instant created = Lifecycle.at(day, rng.between(14 * 3600, 22 * 3600));
    int normal = Priority.NORMAL.ordinal();
    return List.of(
        new Plan(
            customer,
            requester,
            false,
            rng.pick(AFTER_CHURN),
            Priority.NORMAL,
            created,
            timeline(rng, normal, created, HealthProcess.TYPICAL)));
  }

  /** Mostly weekdays, in European and American office hours (UTC). */
  private static Instant workTime(Rng rng, LocalDate week) {
    LocalDate day = week.plusDays(rng.nextInt(7));
    DayOfWeek dow = day.getDayOfWeek();
    if ((dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) && rng.chance(0.8)) {
      day = day.plusDays(dow == DayOfWeek.SATURDAY ? 2 : 1);
    }
    return Lifecycle.at(day, rng.between(7 * 3600, 23 * 3600));
  }

  private static Person requester(Rng rng, List<Person> people, LocalDate day) {
    double[] weights = new double[people.size()];
    boolean any = false;
    for (int i = 0; i < weights.length; i++) {
      Person p = people.get(i);
      weights[i] = p.shared() || p.joined().isAfter(day) ? 0 : p.supportWeight();
      any |= weights[i] > 0;
    }
    return any ? people.get(rng.weighted(weights)) : people.get(0);
  }

  /** The priority's ordinal: urgent and high grow likelier as health falls and in incidents. */
  private static int priority(Rng rng, double h, boolean incident) {
    double stress = Math.exp(-0.6 * (h - HealthProcess.TYPICAL));
    return rng.weighted(
        0.25,
        0.55,
        0.14 * Math.min(2.5, stress),
        0.04 * Math.min(5, stress) + (incident ? 0.2 : 0));
  }

  private static Timeline timeline(Rng rng, int priority, Instant created, double h) {
    double slow = Math.exp(-0.35 * (h - HealthProcess.TYPICAL));
    long firstReply = seconds(rng.logNormal(MEDIAN_FIRST_REPLY_HOURS[priority], 0.8));
    long solve =
        Math.max(
            firstReply + 300, seconds(rng.logNormal(MEDIAN_SOLVE_HOURS[priority] * slow, 0.9)));
    List<Instant> changes = new ArrayList<>(List.of(created, created.plusSeconds(firstReply)));
    List<Status> statuses = new ArrayList<>(List.of(Status.NEW, Status.OPEN));
    Instant replied = changes.get(1);
    if (rng.chance(NEVER_SOLVED[priority] * 2 * Rng.sigmoid(-(h - 1.0)))) {
      if (rng.chance(0.4)) {
        changes.add(replied.plus(rng.between(1, 10), ChronoUnit.DAYS));
        statuses.add(Status.HOLD);
      }
      return new Timeline(
          changes.toArray(Instant[]::new),
          statuses.toArray(Status[]::new),
          null,
          null,
          null,
          Satisfaction.UNOFFERED);
    }
    if (rng.chance(0.35)) {
      long span = solve - firstReply;
      changes.add(replied.plusSeconds(span * 3 / 10));
      statuses.add(Status.PENDING);
      changes.add(replied.plusSeconds(span * 7 / 10));
      statuses.add(Status.OPEN);
    }
    Instant solved = created.plusSeconds(solve);
    changes.add(solved);
    statuses.add(Status.SOLVED);
    changes.add(solved.plusSeconds(CLOSE_AFTER_SECONDS));
    statuses.add(Status.CLOSED);
    Instant offered = rng.chance(0.8) ? solved.plusSeconds(86_400) : null;
    Instant rated =
        offered != null && rng.chance(0.4)
            ? offered.plusSeconds(seconds(rng.logNormal(5, 1)))
            : null;
    Satisfaction rating = Satisfaction.UNOFFERED;
    if (rated != null) {
      double lateness = solve / 3600.0 / MEDIAN_SOLVE_HOURS[priority];
      double good =
          Rng.sigmoid(2.2 + 1.0 * (h - HealthProcess.TYPICAL) - 0.4 * Math.log(lateness + 0.1));
      rating = rng.chance(good) ? Satisfaction.GOOD : Satisfaction.BAD;
    }
    return new Timeline(
        changes.toArray(Instant[]::new),
        statuses.toArray(Status[]::new),
        solved,
        offered,
        rated,
        rating);
  }

  private static long seconds(double hours) {
    return Math.max(60, Math.round(hours * 3600));
  }
}
