package dev.retain.identity;

import dev.retain.identity.Settings.BlockingRule;
import dev.retain.identity.Settings.Field;
import dev.retain.identity.Settings.Rule;
import dev.retain.model.Account;
import dev.retain.model.Contact;
import dev.retain.model.SourceRef;
import dev.retain.model.SurveyResponse;
import dev.retain.sandbox.SandboxView;
import dev.retain.sandbox.company.GroundTruth;
import dev.retain.sandbox.company.SandboxCompany;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox company as identity records (accounts, contacts, survey respondents and product
 * workspaces), the settings the unify stage uses for them, and the truth to measure against.
 */
final class SandboxRecords {
  private SandboxRecords() {}

  static Settings settings() {
    List<Field> fields =
        List.of(
            new Field("company", FieldType.COMPANY),
            new Field("domain", FieldType.DOMAIN),
            new Field("person", FieldType.NAME),
            new Field("email", FieldType.EMAIL),
            new Field("phone", FieldType.PHONE),
            new Field("account_ref", FieldType.ID),
            new Field("external_id", FieldType.ID));
    List<Rule> rules =
        List.of(
            Rule.reference("account_reference", "account_ref", null),
            Rule.reference("external_id", "external_id", "other"),
            Rule.same("domain", "domain", 50),
            Rule.same("email", "email", 20).attachingOnly(),
            Rule.emailDomain("email_domain", "email", "domain"));
    return Settings.of(
            fields,
            List.of("company", "domain"),
            rules,
            List.of(BlockingRule.of("company:5"), BlockingRule.of("domain")))
        .withThresholds(0.999, 0.5)
        .withLimits(100_000, 200);
  }

  /** The sandbox as one system shows it at the end of {@code day}. */
  static List<IdentityRecord> records(SandboxCompany company, LocalDate day) {
    SandboxView view = company.viewAt(day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    List<IdentityRecord> out = new ArrayList<>();
    for (String system : List.of(SandboxView.SALESFORCE, SandboxView.ZENDESK)) {
      for (Account a : view.accounts(system)) {
        Map<String, String> v = new HashMap<>();
        v.put("company", a.name());
        v.put("domain", a.domain());
        v.put("external_id", a.externalId());
        out.add(IdentityRecord.of(system + "/account", a.ref().id(), v));
      }
      for (Contact c : view.contacts(system)) {
        Map<String, String> v = new HashMap<>();
        v.put("person", c.name());
        v.put("email", c.email());
        v.put("phone", c.phone());
        v.put("external_id", c.externalId());
        v.put("account_ref", c.account() == null ? null : system + "/account:" + c.account().id());
        out.add(IdentityRecord.of(system + "/contact", c.ref().id(), v));
      }
    }
    Map<String, Map<String, String>> respondents = new LinkedHashMap<>();
    for (SurveyResponse r : view.surveyResponses()) {
      if (r.respondent() != null) {
        Map<String, String> v =
            respondents.computeIfAbsent(r.respondent().id(), k -> new HashMap<>());
        v.putIfAbsent("email", r.respondentEmail());
        v.putIfAbsent("external_id", r.accountExternalId());
      }
    }
    respondents.forEach(
        (id, v) -> out.add(IdentityRecord.of(SandboxView.DELIGHTED + "/respondent", id, v)));
    for (GroundTruth.TrueCustomer c : company.truth().customers()) {
      if (!c.startedOn().isAfter(day) && c.workspaceId() != null) {
        out.add(IdentityRecord.of(SandboxView.PRODUCT + "/workspace", c.workspaceId(), Map.of()));
      }
    }
    return out;
  }

  /** The true customer of each record. */
  static Map<RecordKey, String> truth(SandboxCompany company, List<IdentityRecord> records) {
    Map<RecordKey, String> truth = new HashMap<>();
    for (IdentityRecord r : records) {
      String system = r.key().source().substring(0, r.key().source().indexOf('/'));
      company
          .truth()
          .customerOf(SourceRef.of(system, r.key().id()))
          .ifPresent(c -> truth.put(r.key(), c));
    }
    return truth;
  }
}
