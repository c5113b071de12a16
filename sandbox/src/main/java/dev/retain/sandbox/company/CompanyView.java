package dev.retain.sandbox.company;

import dev.retain.model.Account;
import dev.retain.model.Contact;
import dev.retain.model.Subscription;
import dev.retain.model.SurveyResponse;
import dev.retain.model.Ticket;
import dev.retain.model.UsageDaily;
import dev.retain.sandbox.SandboxView;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The company as its systems show it at one instant. Lists are in id (creation) order. */
final class CompanyView implements SandboxView {
  private final Instant clock;
  private final List<Account> salesforceAccounts;
  private final List<Contact> salesforceContacts;
  private final List<Subscription> subscriptions;
  private final List<Account> zendeskOrgs;
  private final List<Contact> zendeskUsers;
  private final List<Ticket> tickets;
  private final List<SurveyResponse> responses;
  private final ProductUsage usage;

  CompanyView(
      Instant clock,
      Salesforce salesforce,
      Zendesk zendesk,
      Delighted delighted,
      ProductUsage usage) {
    this.clock = clock;
    this.salesforceAccounts = visible(salesforce.accounts, a -> a.created(), a -> a.render(clock));
    this.salesforceContacts = visible(salesforce.contacts, c -> c.created(), c -> c.render(clock));
    this.subscriptions = visible(salesforce.subscriptions, s -> s.created(), s -> s.render(clock));
    this.zendeskOrgs = visible(zendesk.orgs, o -> o.created(), o -> o.render());
    this.zendeskUsers = visible(zendesk.users, u -> u.created(), u -> u.render());
    this.tickets = visible(zendesk.tickets, t -> t.created(), t -> t.render(clock));
    this.responses = visible(delighted.responses, r -> r.created(), r -> r.render(clock));
    this.usage = usage;
  }

  private <R, T> List<T> visible(
      List<R> records, Function<R, Instant> created, Function<R, T> render) {
    Predicate<R> born = r -> !created.apply(r).isAfter(clock);
    return records.stream().filter(born).map(render).toList();
  }

  @Override
  public Instant asOf() {
    return clock;
  }

  @Override
  public List<Account> accounts(String system) {
    return switch (system) {
      case SALESFORCE -> salesforceAccounts;
      case ZENDESK -> zendeskOrgs;
      default -> throw new IllegalArgumentException("no accounts in system " + system);
    };
  }

  @Override
  public List<Contact> contacts(String system) {
    return switch (system) {
      case SALESFORCE -> salesforceContacts;
      case ZENDESK -> zendeskUsers;
      default -> throw new IllegalArgumentException("no contacts in system " + system);
    };
  }

  @Override
  public List<Subscription> subscriptions() {
    return subscriptions;
  }

  @Override
  public List<Ticket> tickets() {
    return tickets;
  }

  @Override
  public List<SurveyResponse> surveyResponses() {
    return responses;
  }

  @Override
  public Stream<UsageDaily> usage(LocalDate day) {
    return usage.rows(day, clock);
  }

  @Override
  public LocalDate firstUsageDay() {
    return usage.firstDay();
  }
}
