package dev.retain.sandbox.company;

import dev.retain.model.Account;
import dev.retain.model.Contact;
import dev.retain.model.SourceRef;
import dev.retain.model.Ticket;
import dev.retain.sandbox.SandboxView;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The support desk: organizations for about 70% of customers, end users (created when they first
 * write in, some twice under another address), and tickets with their whole timeline.
 */
final class Zendesk {
  static final double ORG_EXTERNAL_ID_SHARE = 0.8;
  static final double USER_WITHOUT_ORG_SHARE = 0.1;
  static final double TWIN_USER_SHARE = 0.04;

  final List<OrgRec> orgs;
  final List<UserRec> users;
  final List<TicketRec> tickets;

  private Zendesk(List<OrgRec> orgs, List<UserRec> users, List<TicketRec> tickets) {
    this.orgs = orgs;
    this.users = users;
    this.tickets = tickets;
  }

  record OrgRec(
      String id,
      Customer customer,
      String name,
      String domain,
      String externalId,
      Instant created) {

    OrgRec withId(String newId) {
      return new OrgRec(newId, customer, name, domain, externalId, created);
    }

    SourceRef ref() {
      return SourceRef.of(SandboxView.ZENDESK, id);
    }

    Account render() {
      return new Account(
          ref(), name, domain, externalId, null, null, null, null, null, null, created);
    }
  }

  record UserRec(
      String id,
      Person person,
      boolean twin,
      OrgRec org,
      String name,
      String email,
      String externalId,
      Instant created) {

    UserRec withId(String newId) {
      return new UserRec(newId, person, twin, org, name, email, externalId, created);
    }

    SourceRef ref() {
      return SourceRef.of(SandboxView.ZENDESK, id);
    }

    Contact render() {
      return new Contact(
          ref(), org == null ? null : org.ref(), name, email, null, externalId, created);
    }
  }

  record TicketRec(String id, TicketModel.Plan plan, UserRec requester) {
    SourceRef ref() {
      return SourceRef.of(SandboxView.ZENDESK, id);
    }

    Instant created() {
      return plan.created();
    }

    Customer customer() {
      return plan.customer();
    }

    Ticket render(Instant clock) {
      TicketModel.Timeline course = plan.timeline();
      Instant[] changes = course.changes();
      int last = 0;
      while (last + 1 < changes.length && !changes[last + 1].isAfter(clock)) {
        last++;
      }
      Instant updated = changes[last];
      Ticket.Satisfaction satisfaction = Ticket.Satisfaction.UNOFFERED;
      if (course.offeredAt() != null && !course.offeredAt().isAfter(clock)) {
        satisfaction = Ticket.Satisfaction.OFFERED;
        updated = Salesforce.latest(updated, course.offeredAt(), clock);
        if (course.ratedAt() != null && !course.ratedAt().isAfter(clock)) {
          satisfaction = course.rating();
          updated = Salesforce.latest(updated, course.ratedAt(), clock);
        }
      }
      Ticket.Status status = course.statuses()[last];
      Instant solved = status.isOpen() ? null : course.solvedAt();
      return new Ticket(
          ref(),
          requester.org() == null ? null : requester.org().ref(),
          requester.ref(),
          plan.subject(),
          plan.priority(),
          status,
          plan.created(),
          solved,
          satisfaction,
          updated);
    }
  }

  static Zendesk build(
      long seed, Population population, Salesforce salesforce, LocalDate start, LocalDate end) {
    Instant horizon = Lifecycle.at(end.plusDays(1), 0);
    TicketModel model = new TicketModel(start, end);
    List<TicketModel.Plan> plans = new ArrayList<>();
    List<OrgRec> orgDrafts = new ArrayList<>();
    for (Customer customer : population.customers) {
      List<Person> people = population.peopleByCustomer.get(customer.index());
      List<TicketModel.Plan> own =
          model.tickets(Rng.of(seed, Rng.Purpose.TICKETS, customer.index()), customer, people, 0.5);
      plans.addAll(own);
      Rng rng = Rng.of(seed, Rng.Purpose.ZENDESK, customer.index());
      OrgRec org = org(rng, customer, salesforce.mainAccount[customer.index()], own);
      if (org != null && org.created().isBefore(horizon)) {
        orgDrafts.add(org);
      }
    }
    plans.sort(
        Comparator.comparing(TicketModel.Plan::created)
            .thenComparingInt(p -> p.customer().index())
            .thenComparing(TicketModel.Plan::subject));
    Ids.Sequence orgIds =
        new Ids.Sequence(Rng.of(seed, Rng.Purpose.IDS, 10), 360_000_000_000L, 900);
    OrgRec[] orgOf = new OrgRec[population.customers.size()];
    List<OrgRec> orgs =
        orgDrafts.stream()
            .sorted(
                Comparator.comparing(OrgRec::created).thenComparingInt(o -> o.customer().index()))
            .map(o -> o.withId(Long.toString(orgIds.next())))
            .toList();
    orgs.forEach(o -> orgOf[o.customer().index()] = o);
    Directory directory = Directory.build(seed, plans, orgOf, salesforce);
    List<TicketRec> tickets = new ArrayList<>(plans.size());
    Ids.Sequence ticketIds =
        new Ids.Sequence(Rng.of(seed, Rng.Purpose.IDS, 12), 1_000 + population.customers.size(), 3);
    for (int i = 0; i < plans.size(); i++) {
      tickets.add(
          new TicketRec(
              Long.toString(ticketIds.next()), plans.get(i), directory.requesters.get(i)));
    }
    return new Zendesk(orgs, directory.users, List.copyOf(tickets));
  }

  private static OrgRec org(
      Rng rng, Customer customer, Salesforce.AccountRec sfAccount, List<TicketModel.Plan> tickets) {
    double share =
        switch (customer.plan()) {
          case STARTER -> 0.6;
          case GROWTH -> 0.75;
          case ENTERPRISE -> 0.9;
        };
    if (!rng.chance(share)) {
      return null;
    }
    NameFactory.Company company = customer.company();
    Instant created =
        Lifecycle.at(
            customer.life().started().plusDays(rng.between(0, 45)), rng.between(8, 20) * 3600);
    for (TicketModel.Plan ticket : tickets) {
      Instant before = ticket.created().minusSeconds(600);
      created = before.isBefore(created) ? before : created;
    }
    String name =
        switch (rng.weighted(45, 40, 15)) {
          case 0 -> NameFactory.nameVariant(rng, company);
          case 1 -> company.brand();
          default -> company.legalName();
        };
    String domain =
        switch (rng.weighted(70, 10, 20)) {
          case 0 -> company.domain();
          case 1 -> "www." + company.domain();
          default -> null;
        };
    String externalId = rng.chance(ORG_EXTERNAL_ID_SHARE) ? sfAccount.id() : null;
    return new OrgRec(null, customer, name, domain, externalId, created);
  }

  /**
   * The end users, created when they first write in, and the requester of every ticket. A few
   * people write in again later from another address, which Zendesk takes for a new user.
   */
  private record Directory(List<UserRec> users, List<UserRec> requesters) {

    static Directory build(
        long seed, List<TicketModel.Plan> plans, OrgRec[] orgOf, Salesforce salesforce) {
      Ids.Sequence ids = new Ids.Sequence(Rng.of(seed, Rng.Purpose.IDS, 11), 381_000_000_000L, 900);
      Map<Integer, UserRec> original = new HashMap<>();
      Map<Integer, UserRec> twin = new HashMap<>();
      Set<Integer> willHaveTwin = new HashSet<>();
      Set<String> emails = new HashSet<>();
      List<UserRec> users = new ArrayList<>();
      List<UserRec> requesters = new ArrayList<>(plans.size());
      for (TicketModel.Plan plan : plans) {
        Person person = plan.requester();
        UserRec requester = original.get(person.index());
        if (requester == null) {
          Rng rng = Rng.of(seed, Rng.Purpose.ZENDESK, person.customer(), person.index());
          requester = user(rng, person, false, plan, orgOf, salesforce, emails);
          requester = requester.withId(Long.toString(ids.next()));
          original.put(person.index(), requester);
          users.add(requester);
          if (rng.chance(TWIN_USER_SHARE)) {
            willHaveTwin.add(person.index());
          }
        } else if (plan.fromSecondUser() && willHaveTwin.contains(person.index())) {
          UserRec second = twin.get(person.index());
          if (second == null) {
            Rng rng = Rng.of(seed, Rng.Purpose.ZENDESK, person.customer(), person.index(), 2);
            second = user(rng, person, true, plan, orgOf, salesforce, emails);
            second = second.withId(Long.toString(ids.next()));
            twin.put(person.index(), second);
            users.add(second);
          }
          requester = second;
        }
        requesters.add(requester);
      }
      return new Directory(List.copyOf(users), requesters);
    }
  }

  private static UserRec user(
      Rng rng,
      Person person,
      boolean twin,
      TicketModel.Plan firstTicket,
      OrgRec[] orgOf,
      Salesforce salesforce,
      Set<String> emails) {
    String email = userEmail(rng, person, twin, emails);
    OrgRec org = orgOf[person.customer()];
    if (org != null && (rng.chance(twin ? 0.5 : USER_WITHOUT_ORG_SHARE))) {
      org = null;
    }
    String name =
        switch (rng.weighted(85, 8, 7)) {
          case 0 -> person.fullName();
          case 1 -> email.substring(0, email.indexOf('@'));
          default -> person.first();
        };
    Salesforce.ContactRec contact = salesforce.contactOfPerson[person.index()];
    String externalId = !twin && contact != null && rng.chance(0.3) ? contact.id() : null;
    Instant created = firstTicket.created().minusSeconds(rng.between(5, 60));
    return new UserRec(null, person, twin, org, name, email, externalId, created);
  }

  /** Zendesk keeps one user per address (ignoring case), so a variant that is taken falls back. */
  private static String userEmail(Rng rng, Person person, boolean twin, Set<String> emails) {
    List<String> candidates = new ArrayList<>();
    if (twin) {
      boolean personal = rng.chance(0.5);
      String free = NameFactory.freeMail(rng, person.first(), person.last());
      String alias = variant(rng, person);
      candidates.add(personal ? free : alias);
      candidates.add(personal ? alias : free);
    } else {
      candidates.add(rng.chance(0.65) ? person.email() : variant(rng, person));
      candidates.add(person.email());
    }
    for (String c : candidates) {
      if (emails.add(c.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    String fallback = person.email().replace("@", "+" + person.index() + "@");
    emails.add(fallback.toLowerCase(Locale.ROOT));
    return fallback;
  }

  private static String variant(Rng rng, Person person) {
    return NameFactory.emailVariant(
        rng, person.email(), person.first(), person.last(), person.emailStyle());
  }
}
