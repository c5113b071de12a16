package dev.retain.sandbox.server.salesforce;

import dev.retain.model.Account;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.Contact;
import dev.retain.model.Subscription;
import dev.retain.model.SurveyResponse;
import dev.retain.model.Ticket;
import dev.retain.model.UsageDaily;
import dev.retain.sandbox.SandboxView;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A hand-built sandbox company for the vendor servers' round-trip tests. */
public record TinyView(
    Instant asOf,
    List<Account> salesforceAccounts,
    List<Contact> salesforceContacts,
    List<Subscription> subscriptionList,
    List<SurveyResponse> responses,
    List<UsageDaily> usageRows)
    implements SandboxView {

  public static TinyView empty(Instant asOf) {
    return new TinyView(asOf, List.of(), List.of(), List.of(), List.of(), List.of());
  }

  @Override
  public List<Account> accounts(String system) {
    return system.equals(SALESFORCE) ? visible(salesforceAccounts) : List.of();
  }

  @Override
  public List<Contact> contacts(String system) {
    return system.equals(SALESFORCE) ? visible(salesforceContacts) : List.of();
  }

  @Override
  public List<Subscription> subscriptions() {
    return visible(subscriptionList);
  }

  @Override
  public List<Ticket> tickets() {
    return List.of();
  }

  @Override
  public List<SurveyResponse> surveyResponses() {
    return visible(responses);
  }

  @Override
  public Stream<UsageDaily> usage(LocalDate day) {
    LocalDate today = asOf.atZone(ZoneOffset.UTC).toLocalDate();
    return day.isAfter(today)
        ? Stream.empty()
        : usageRows.stream().filter(u -> u.day().equals(day));
  }

  @Override
  public LocalDate firstUsageDay() {
    return usageRows.stream()
        .map(UsageDaily::day)
        .min(Comparator.naturalOrder())
        .orElse(asOf.atZone(ZoneOffset.UTC).toLocalDate());
  }

  private <T extends CanonicalRecord> List<T> visible(List<T> records) {
    return records.stream().filter(r -> !r.updatedAt().isAfter(asOf)).toList();
  }
}
