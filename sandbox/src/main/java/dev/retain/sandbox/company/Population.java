package dev.retain.sandbox.company;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The true customers and the people who work there: names, plans, latent health, contracts. What
 * the systems make of them is decided later, by each system's builder.
 */
final class Population {
  private static final String[] CSMS = {
    "Dana Whitfield", "Marcus Lee", "Priya Raman", "Tom Becker", "Sofia Alvarez", "Jonas Weber",
    "Hannah Cole", "Ravi Patel", "Claire Dupont", "Owen Murphy", "Mia Jansen", "Lucas Moreau"
  };
  private static final int TENURE_DAYS_BEFORE_HISTORY = 4 * 365;

  final List<Customer> customers;
  final List<List<Person>> peopleByCustomer;
  final int peopleCount;

  private Population(List<Customer> customers, List<List<Person>> peopleByCustomer, int people) {
    this.customers = List.copyOf(customers);
    this.peopleByCustomer = List.copyOf(peopleByCustomer);
    this.peopleCount = people;
  }

  static Population generate(SandboxSpec spec) {
    LocalDate start = spec.historyStart();
    LocalDate end = spec.historyEnd();
    NameFactory names = new NameFactory();
    Rng nameRng = Rng.of(spec.seed(), Rng.Purpose.NAMES);
    HealthProcess health = new HealthProcess(start.minusWeeks(12), end, spec.seed());
    ChurnModel churn = new ChurnModel(start, end);
    List<Customer> customers = new ArrayList<>(spec.accounts());
    List<List<Person>> people = new ArrayList<>(spec.accounts());
    Set<String> emails = new HashSet<>();
    int personIndex = 0;
    for (int i = 0; i < spec.accounts(); i++) {
      Customer customer = customer(spec, i, names, nameRng, health, churn);
      customers.add(customer);
      List<Person> staff = staff(spec.seed(), customer, personIndex, emails, end);
      personIndex += staff.size();
      people.add(new ArrayList<>(staff));
    }
    personIndex = sharedMailboxes(spec.seed(), names, customers, people, personIndex);
    return new Population(customers, people.stream().map(List::copyOf).toList(), personIndex);
  }

  private static Customer customer(
      SandboxSpec spec,
      int i,
      NameFactory names,
      Rng nameRng,
      HealthProcess healthProcess,
      ChurnModel churn) {
    NameFactory.Company company = names.company(nameRng);
    String workspace = names.workspaceId(nameRng);
    Rng rng = Rng.of(spec.seed(), Rng.Purpose.CUSTOMER, i);
    Plan plan = Plan.draw(rng);
    long span = ChronoUnit.DAYS.between(spec.historyStart(), spec.historyEnd());
    LocalDate started =
        spec.historyStart().plusDays(rng.nextLong(-TENURE_DAYS_BEFORE_HISTORY, span - 7));
    HealthPath health = healthProcess.simulate(Rng.of(spec.seed(), Rng.Purpose.HEALTH, i), plan);
    Lifecycle life =
        churn.simulate(
            Rng.of(spec.seed(), Rng.Purpose.LIFECYCLE, i),
            plan,
            started,
            plan.drawArr(rng),
            plan.drawSeats(rng),
            health);
    String csm = CSMS[rng.nextInt(CSMS.length)];
    String nextCsm = null;
    LocalDate csmChange = null;
    if (rng.chance(0.15)) {
      nextCsm = CSMS[rng.nextInt(CSMS.length)];
      csmChange = spec.historyStart().plusDays(rng.nextLong(0, span));
    }
    return new Customer(
        i,
        Customer.key(i),
        company,
        plan,
        workspace,
        csm,
        nextCsm,
        csmChange,
        life,
        health,
        Math.min(1.8, rng.logNormal(1, 0.2)),
        rng.logNormal(1, 0.5),
        5 * 3600 + rng.nextInt(2 * 3600));
  }

  private static List<Person> staff(
      long seed, Customer customer, int firstIndex, Set<String> emails, LocalDate end) {
    Rng rng = Rng.of(seed, Rng.Purpose.PEOPLE, customer.index());
    int count =
        switch (customer.plan()) {
          case STARTER -> rng.between(1, 3);
          case GROWTH -> rng.between(2, 6);
          case ENTERPRISE -> rng.between(5, 12);
        };
    int style = NameFactory.emailStyle(rng);
    double freeMailShare = customer.plan() == Plan.STARTER ? 0.12 : 0.04;
    LocalDate started = customer.life().started();
    long tenure = Math.max(1, ChronoUnit.DAYS.between(started, end));
    List<Person> staff = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      String first = NameFactory.firstName(rng);
      String last = NameFactory.lastName(rng);
      String email =
          uniqueEmail(rng, first, last, style, customer, rng.chance(freeMailShare), emails);
      LocalDate joined =
          k == 0 || rng.chance(0.7)
              ? started.minusDays(30)
              : started.plusDays(rng.nextLong(0, tenure));
      boolean inCrm = k == 0 || rng.chance(0.8);
      double supportWeight = rng.chance(0.3) ? 0 : rng.exponential(1);
      staff.add(
          new Person(
              firstIndex + k,
              customer.index(),
              first,
              last,
              email,
              style,
              joined,
              inCrm,
              supportWeight,
              inCrm && rng.chance(0.85),
              rng.gaussian(0, 0.8),
              false));
    }
    return staff;
  }

  private static String uniqueEmail(
      Rng rng,
      String first,
      String last,
      int style,
      Customer customer,
      boolean freeMail,
      Set<String> emails) {
    for (int attempt = 0; ; attempt++) {
      String email =
          freeMail
              ? NameFactory.freeMail(rng, first, last)
              : NameFactory.localPart(first, last, style)
                  + (attempt == 0 ? "" : Integer.toString(attempt + 1))
                  + "@"
                  + customer.company().domain();
      if (emails.add(email.toLowerCase(Locale.ROOT))) {
        return email;
      }
    }
  }

  /**
   * A few outsourced back offices: one mailbox (free-mail or a bookkeeping firm's) that two or
   * three customers all list as their billing contact.
   */
  private static int sharedMailboxes(
      long seed,
      NameFactory names,
      List<Customer> customers,
      List<List<Person>> people,
      int personIndex) {
    Rng rng = Rng.of(seed, Rng.Purpose.PEOPLE, -1);
    int mailboxes = Math.max(1, customers.size() / 300);
    for (int m = 0; m < mailboxes; m++) {
      String email =
          rng.chance(0.5)
              ? "billing.team" + (m + 1) + "@" + rng.pick(NameFactory.FREE_MAIL)
              : rng.pick(new String[] {"invoices", "ap", "billing"})
                  + "@"
                  + names.thirdPartyDomain(rng);
      int share = Math.min(customers.size(), rng.between(2, 3));
      Set<Integer> chosen = new HashSet<>();
      while (chosen.size() < share) {
        int c = rng.nextInt(customers.size());
        if (chosen.add(c)) {
          Customer customer = customers.get(c);
          people
              .get(c)
              .add(
                  new Person(
                      personIndex++,
                      c,
                      "Accounts",
                      "Payable",
                      email,
                      0,
                      customer.life().started(),
                      true,
                      0,
                      false,
                      0,
                      true));
        }
      }
    }
    return personIndex;
  }
}
