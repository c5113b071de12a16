package dev.retain.sandbox.company;

import dev.retain.model.Account;
import dev.retain.model.Contact;
import dev.retain.model.SourceRef;
import dev.retain.model.Subscription;
import dev.retain.sandbox.SandboxView;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The CRM: one Account per customer (two for about 2%), its Contacts, and one Subscription__c per
 * customer on its main account. Each record knows how it looked at any instant.
 */
final class Salesforce {
  static final double DUPLICATE_ACCOUNT_SHARE = 0.02;
  static final double MISSING_WORKSPACE_ID_SHARE = 0.03;

  /** Where the record numbers of each object start: six base-62 digits, like a busy org's. */
  private static final long SF_NUMBERS = 62L * 62 * 62 * 62 * 62 * 62;

  private static final String[] SALES_REPS = {
    "Kyle Brennan", "Nora Fitzgerald", "Victor Hale", "Grace Kim", "Leon Schulz", "Maya Singh"
  };

  final List<AccountRec> accounts;
  final List<ContactRec> contacts;
  final List<SubscriptionRec> subscriptions;
  final AccountRec[] mainAccount;
  final ContactRec[] contactOfPerson;

  private Salesforce(
      List<AccountRec> accounts,
      List<ContactRec> contacts,
      List<SubscriptionRec> subscriptions,
      AccountRec[] mainAccount,
      ContactRec[] contactOfPerson) {
    this.accounts = accounts;
    this.contacts = contacts;
    this.subscriptions = subscriptions;
    this.mainAccount = mainAccount;
    this.contactOfPerson = contactOfPerson;
  }

  /** A Salesforce Account; {@code duplicate} marks the second account some customers have. */
  record AccountRec(
      String id,
      Customer customer,
      boolean duplicate,
      String name,
      String website,
      String workspaceId,
      String rep,
      Instant created) {

    AccountRec withId(String newId) {
      return new AccountRec(newId, customer, duplicate, name, website, workspaceId, rep, created);
    }

    SourceRef ref() {
      return SourceRef.of(SandboxView.SALESFORCE, id);
    }

    Account render(Instant clock) {
      if (duplicate) {
        return new Account(ref(), name, website, null, null, null, null, null, null, rep, created);
      }
      Lifecycle life = customer.life();
      int ops = customer.opsSecond();
      LocalDate day = effectiveDay(clock, ops);
      LocalDate owned = day.isBefore(life.started()) ? null : day;
      boolean churned = owned != null && life.churnedBy(owned);
      BigDecimal arr = owned == null ? null : churned ? BigDecimal.ZERO : money(life.arrOn(owned));
      Instant updated = created;
      if (owned != null) {
        updated = latest(updated, Lifecycle.at(life.started(), ops), clock);
        LocalDate renewed = life.renewedAsOf(churned ? life.churned().minusDays(1) : owned);
        if (renewed != null) {
          updated = latest(updated, Lifecycle.at(renewed, ops), clock);
        }
        if (churned) {
          updated = latest(updated, Lifecycle.at(life.churned(), ops), clock);
        }
      }
      if (customer.csmChange() != null) {
        updated = latest(updated, Lifecycle.at(customer.csmChange(), ops), clock);
      }
      return new Account(
          ref(),
          name,
          website,
          workspaceId,
          arr,
          owned == null ? null : "USD",
          owned == null ? null : customer.plan().label(),
          owned == null ? null : life.seatsOn(churned ? life.churned().minusDays(1) : owned),
          owned == null || churned ? null : life.renewalDateAsOf(owned),
          customer.ownerOn(day),
          updated);
    }
  }

  /** A Salesforce Contact; the phone number of some is only added later. */
  record ContactRec(
      String id,
      Person person,
      AccountRec account,
      String name,
      String email,
      String phone,
      Instant phoneAdded,
      Instant created) {

    ContactRec withId(String newId) {
      return new ContactRec(newId, person, account, name, email, phone, phoneAdded, created);
    }

    SourceRef ref() {
      return SourceRef.of(SandboxView.SALESFORCE, id);
    }

    Contact render(Instant clock) {
      boolean hasPhone = phone != null && (phoneAdded == null || !phoneAdded.isAfter(clock));
      Instant updated = hasPhone && phoneAdded != null ? phoneAdded : created;
      return new Contact(ref(), account.ref(), name, email, hasPhone ? phone : null, null, updated);
    }
  }

  /** The custom object Subscription__c, one per customer. */
  record SubscriptionRec(String id, Customer customer, AccountRec account, Instant created) {

    SubscriptionRec withId(String newId) {
      return new SubscriptionRec(newId, customer, account, created);
    }

    SourceRef ref() {
      return SourceRef.of(SandboxView.SALESFORCE, id);
    }

    Subscription render(Instant clock) {
      Lifecycle life = customer.life();
      int ops = customer.opsSecond();
      LocalDate day = effectiveDay(clock, ops);
      boolean churned = life.churnedBy(day);
      LocalDate lastPaid = churned ? life.churned().minusDays(1) : day;
      if (lastPaid.isBefore(life.started())) {
        lastPaid = life.started();
      }
      Lifecycle.PaymentFailure failure = life.failureAt(clock);
      Subscription.Status status =
          churned
              ? Subscription.Status.CANCELED
              : failure != null
                  ? Subscription.Status.PAST_DUE
                  : life.inTrial(day) ? Subscription.Status.TRIAL : Subscription.Status.ACTIVE;
      boolean paymentFailed =
          failure != null || (churned && life.cause() == Lifecycle.ChurnCause.PAYMENT);
      LocalDate renewed = life.renewedAsOf(lastPaid);
      Instant updated = created;
      if (renewed != null) {
        updated = latest(updated, Lifecycle.at(renewed, ops), clock);
      }
      if (life.trialEnds() != null) {
        updated = latest(updated, Lifecycle.at(life.trialEnds(), ops), clock);
      }
      if (churned) {
        updated = latest(updated, Lifecycle.at(life.churned(), ops), clock);
      }
      for (Lifecycle.PaymentFailure f : life.failures()) {
        updated = latest(updated, f.failedAt(), clock);
        if (f.resolvedAt() != null) {
          updated = latest(updated, f.resolvedAt(), clock);
        }
      }
      return new Subscription(
          ref(),
          account.ref(),
          status,
          life.started(),
          renewed,
          churned ? life.churned() : null,
          life.renewalDateAsOf(lastPaid),
          money(life.arrOn(lastPaid)),
          paymentFailed,
          updated);
    }
  }

  /** The latest of the two that is not after the clock. */
  static Instant latest(Instant current, Instant candidate, Instant clock) {
    return candidate.isAfter(clock) || candidate.isBefore(current) ? current : candidate;
  }

  /** The last day whose back-office run (at {@code opsSecond}) happened at or before the clock. */
  static LocalDate effectiveDay(Instant clock, int opsSecond) {
    return LocalDate.ofInstant(clock.minusSeconds(opsSecond), ZoneOffset.UTC);
  }

  static BigDecimal money(double amount) {
    return BigDecimal.valueOf(Math.round(amount));
  }

  static Salesforce build(long seed, Population population, LocalDate end) {
    Instant horizon = Lifecycle.at(end.plusDays(1), 0);
    List<AccountRec> accounts = new ArrayList<>();
    List<AccountRec> duplicates = new ArrayList<>();
    for (Customer customer : population.customers) {
      Rng rng = Rng.of(seed, Rng.Purpose.SALESFORCE, customer.index());
      AccountRec main = mainAccount(rng, customer);
      accounts.add(main);
      if (rng.chance(DUPLICATE_ACCOUNT_SHARE)) {
        AccountRec duplicate = duplicateAccount(rng, customer, main, horizon);
        if (duplicate != null) {
          duplicates.add(duplicate);
        }
      }
    }
    List<AccountRec> all = new ArrayList<>(accounts);
    all.addAll(duplicates);
    List<AccountRec> sorted = withIds(seed, all, Ids.ACCOUNT);
    AccountRec[] main = new AccountRec[population.customers.size()];
    AccountRec[] duplicate = new AccountRec[population.customers.size()];
    for (AccountRec a : sorted) {
      (a.duplicate() ? duplicate : main)[a.customer().index()] = a;
    }
    List<ContactRec> contacts = contacts(seed, population, main, duplicate, horizon);
    ContactRec[] contactOfPerson = new ContactRec[population.peopleCount];
    for (ContactRec c : contacts) {
      if (contactOfPerson[c.person().index()] == null) {
        contactOfPerson[c.person().index()] = c;
      }
    }
    List<SubscriptionRec> subscriptions = new ArrayList<>();
    Ids.Sequence subscriptionIds =
        new Ids.Sequence(Rng.of(seed, Rng.Purpose.IDS, 3), SF_NUMBERS * 7, 30);
    population.customers.stream()
        .sorted(
            Comparator.comparing((Customer c) -> c.life().started())
                .thenComparingInt(Customer::index))
        .forEach(
            c ->
                subscriptions.add(
                    new SubscriptionRec(
                        Ids.salesforce(Ids.SUBSCRIPTION, subscriptionIds.next()),
                        c,
                        main[c.index()],
                        Lifecycle.at(c.life().started(), c.opsSecond()))));
    return new Salesforce(
        List.copyOf(sorted), contacts, List.copyOf(subscriptions), main, contactOfPerson);
  }

  private static AccountRec mainAccount(Rng rng, Customer customer) {
    NameFactory.Company company = customer.company();
    String name =
        switch (rng.weighted(80, 15, 5)) {
          case 0 -> company.legalName();
          case 1 -> company.brand();
          default -> NameFactory.typo(rng, company.legalName());
        };
    String website = rng.chance(0.04) ? null : NameFactory.website(rng, company.domain());
    String workspace = rng.chance(MISSING_WORKSPACE_ID_SHARE) ? null : customer.workspaceId();
    LocalDate opened = customer.life().started().minusDays(rng.between(14, 120));
    Instant created = Lifecycle.at(opened, rng.between(13 * 3600, 22 * 3600));
    return new AccountRec(null, customer, false, name, website, workspace, null, created);
  }

  private static AccountRec duplicateAccount(
      Rng rng, Customer customer, AccountRec main, Instant horizon) {
    long room = ChronoUnit.DAYS.between(main.created(), horizon);
    if (room < 31) {
      return null;
    }
    Instant created =
        main.created()
            .plus(rng.nextLong(30, Math.min(600, room)), ChronoUnit.DAYS)
            .plusSeconds(rng.nextInt(3 * 3600));
    String website = rng.chance(0.5) ? NameFactory.website(rng, customer.company().domain()) : null;
    String workspace = rng.chance(0.2) ? customer.workspaceId() : null;
    return new AccountRec(
        null,
        customer,
        true,
        NameFactory.nameVariant(rng, customer.company()),
        website,
        workspace,
        rng.pick(SALES_REPS),
        created);
  }

  private static List<AccountRec> withIds(long seed, List<AccountRec> accounts, String prefix) {
    Ids.Sequence ids = new Ids.Sequence(Rng.of(seed, Rng.Purpose.IDS, 1), SF_NUMBERS * 5, 40);
    return accounts.stream()
        .sorted(
            Comparator.comparing(AccountRec::created)
                .thenComparingInt(a -> a.customer().index())
                .thenComparing(AccountRec::duplicate))
        .map(a -> a.withId(Ids.salesforce(prefix, ids.next())))
        .toList();
  }

  private static List<ContactRec> contacts(
      long seed,
      Population population,
      AccountRec[] main,
      AccountRec[] duplicate,
      Instant horizon) {
    List<ContactRec> drafts = new ArrayList<>();
    for (Customer customer : population.customers) {
      Rng rng = Rng.of(seed, Rng.Purpose.SALESFORCE, customer.index(), 1);
      for (Person person : population.peopleByCustomer.get(customer.index())) {
        if (!person.inCrm()) {
          continue;
        }
        ContactRec contact =
            contact(rng, customer, person, main[customer.index()], duplicate[customer.index()]);
        if (contact.created().isBefore(horizon)) {
          drafts.add(contact);
        }
        if (!person.shared() && rng.chance(0.015)) {
          ContactRec twin = twinContact(rng, contact);
          if (twin.created().isBefore(horizon)) {
            drafts.add(twin);
          }
        }
      }
    }
    Ids.Sequence ids = new Ids.Sequence(Rng.of(seed, Rng.Purpose.IDS, 2), SF_NUMBERS * 6, 25);
    return drafts.stream()
        .sorted(
            Comparator.comparing(ContactRec::created)
                .thenComparingInt(c -> c.person().index())
                .thenComparing(c -> c.email() == null ? "" : c.email()))
        .map(c -> c.withId(Ids.salesforce(Ids.CONTACT, ids.next())))
        .toList();
  }

  private static ContactRec contact(
      Rng rng, Customer customer, Person person, AccountRec main, AccountRec duplicate) {
    Instant joined = Lifecycle.at(person.joined(), 0);
    Instant created =
        (joined.isAfter(main.created()) ? joined : main.created())
            .plusSeconds(rng.nextLong(3600, 20 * 86_400L));
    AccountRec account =
        duplicate != null && created.isAfter(duplicate.created()) && rng.chance(0.4)
            ? duplicate
            : main;
    String email =
        switch (rng.weighted(89, 8, 3)) {
          case 0 -> person.email();
          case 1 -> NameFactory.capitalised(person.email());
          default -> person.email().toUpperCase(Locale.ROOT);
        };
    String name = rng.chance(0.03) ? person.fullName().toLowerCase(Locale.ROOT) : person.fullName();
    String phone = rng.chance(0.6) ? phone(rng, customer.company().country()) : null;
    Instant phoneAdded =
        phone != null && rng.chance(0.15)
            ? created.plus(rng.between(10, 200), ChronoUnit.DAYS)
            : null;
    return new ContactRec(null, person, account, name, email, phone, phoneAdded, created);
  }

  /** The same person entered a second time, under another alias, months later. */
  private static ContactRec twinContact(Rng rng, ContactRec original) {
    Person p = original.person();
    String email =
        p.freeMail()
            ? p.email().toUpperCase(Locale.ROOT)
            : NameFactory.emailVariant(rng, p.email(), p.first(), p.last(), p.emailStyle());
    return new ContactRec(
        null,
        p,
        original.account(),
        p.first() + " " + p.last(),
        email,
        null,
        null,
        original.created().plus(rng.between(20, 300), ChronoUnit.DAYS));
  }

  private static String phone(Rng rng, NameFactory.Country country) {
    int a = rng.between(200, 989);
    int b = rng.between(100, 999);
    int c = rng.between(1000, 9999);
    return switch (country) {
      case US -> rng.chance(0.5) ? "(" + a + ") " + b + "-" + c : "+1 " + a + " " + b + " " + c;
      case DE -> "+49 " + (a % 100 + 30) + " " + b + c;
      case UK -> "+44 20 " + (b % 9000 + 1000) + " " + c;
      case FR -> "+33 1 " + (a % 90 + 10) + " " + (b % 90 + 10) + " " + (c % 90 + 10);
      case ES -> "+34 91 " + b + " " + (c % 900 + 100);
      case NL -> "+31 20 " + b + " " + c;
    };
  }
}
