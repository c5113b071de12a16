package dev.retain.sandbox;

import dev.retain.model.Account;
import dev.retain.model.Contact;
import dev.retain.model.Subscription;
import dev.retain.model.SurveyResponse;
import dev.retain.model.Ticket;
import dev.retain.model.UsageDaily;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sandbox company as each of its systems shows it at one instant: every record created at or
 * before {@link #asOf()}, in the state it had then (a ticket solved later is still open here). The
 * sandbox servers serve a view; the generator makes one per clock.
 */
public interface SandboxView {
  String SALESFORCE = "salesforce";
  String ZENDESK = "zendesk";
  String DELIGHTED = "delighted";
  String PRODUCT = "product";

  Instant asOf();

  /** Salesforce accounts ({@code salesforce}) or Zendesk organizations ({@code zendesk}). */
  List<Account> accounts(String system);

  /** Salesforce contacts ({@code salesforce}) or Zendesk end users ({@code zendesk}). */
  List<Contact> contacts(String system);

  /** Salesforce subscriptions (a custom object). */
  List<Subscription> subscriptions();

  /** Zendesk tickets. */
  List<Ticket> tickets();

  /** Delighted survey responses. */
  List<SurveyResponse> surveyResponses();

  /** The product's daily usage aggregates for one day (empty for days after {@link #asOf()}). */
  Stream<UsageDaily> usage(LocalDate day);

  /** The first day that has usage. */
  LocalDate firstUsageDay();
}
