package dev.retain.sandbox.company;

import static dev.retain.sandbox.company.Companies.ANCHOR;
import static dev.retain.sandbox.company.Companies.ANCHOR_CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.model.Account;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.SourceRef;
import dev.retain.sandbox.SandboxView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counts, ids, references and ground truth of a generated company. */
class CompanyShapeTest {
  private static final Instant END =
      Companies.clock(SandboxSpec.of(100, 1, ANCHOR).historyEnd().plusDays(1));

  @TempDir Path dir;

  @Test
  void recordCountsScaleWithAccounts() {
    SandboxView small = SandboxCompany.generate(SandboxSpec.of(200, 3, ANCHOR)).viewAt(END);
    SandboxView large = SandboxCompany.generate(SandboxSpec.of(800, 3, ANCHOR)).viewAt(END);

    assertThat(
            ratio(large.accounts(SandboxView.SALESFORCE), small.accounts(SandboxView.SALESFORCE)))
        .isBetween(3.5, 4.5);
    assertThat(
            ratio(large.contacts(SandboxView.SALESFORCE), small.contacts(SandboxView.SALESFORCE)))
        .isBetween(3.0, 5.0);
    assertThat(ratio(large.accounts(SandboxView.ZENDESK), small.accounts(SandboxView.ZENDESK)))
        .isBetween(3.0, 5.0);
    assertThat(ratio(large.tickets(), small.tickets())).isBetween(3.0, 5.0);
    assertThat(ratio(large.surveyResponses(), small.surveyResponses())).isBetween(3.0, 5.0);
    assertThat(small.subscriptions()).hasSizeBetween(190, 200);
  }

  private static double ratio(List<?> large, List<?> small) {
    return large.size() / (double) small.size();
  }

  @Test
  void idsAreShapedLikeTheVendors() {
    SandboxView view = Companies.medium().viewAt(ANCHOR_CLOCK);

    assertThat(view.accounts(SandboxView.SALESFORCE))
        .allSatisfy(a -> assertThat(a.ref().id()).hasSize(18).startsWith("001"));
    assertThat(view.contacts(SandboxView.SALESFORCE))
        .allSatisfy(c -> assertThat(c.ref().id()).hasSize(18).startsWith("003"));
    assertThat(view.subscriptions())
        .allSatisfy(s -> assertThat(s.ref().id()).hasSize(18).startsWith("a0B"));
    assertThat(view.accounts(SandboxView.ZENDESK))
        .allSatisfy(o -> assertThat(o.ref().id()).containsOnlyDigits());
    assertThat(view.contacts(SandboxView.ZENDESK))
        .allSatisfy(u -> assertThat(u.ref().id()).containsOnlyDigits());
    assertThat(view.tickets()).allSatisfy(t -> assertThat(t.ref().id()).containsOnlyDigits());
    assertThat(view.surveyResponses())
        .allSatisfy(
            r -> {
              assertThat(r.ref().id()).containsOnlyDigits();
              assertThat(r.respondent().system()).isEqualTo(SandboxView.DELIGHTED);
              assertThat(r.respondent().id()).containsOnlyDigits();
            });
    assertThat(view.usage(ANCHOR.minusDays(2)).toList())
        .isNotEmpty()
        .allSatisfy(
            u -> {
              assertThat(u.account().id()).matches("ws_[a-z0-9]{6}");
              assertThat(u.ref().id()).isEqualTo(u.account().id() + ":" + u.day());
              assertThat(u.activeSeats()).isPositive();
            });
    assertThat(view.tickets().stream().map(t -> Long.parseLong(t.ref().id())))
        .as("ticket ids increase with creation time")
        .isSorted();
  }

  @Test
  void everyRecordOfEveryEntityHasTruth() {
    SandboxCompany company = Companies.medium();
    SandboxView view = company.viewAt(END);
    GroundTruth truth = company.truth();

    List<SourceRef> refs = new ArrayList<>();
    allRecords(view).forEach(r -> refs.add(r.ref()));
    view.surveyResponses().forEach(r -> refs.add(r.respondent()));
    view.usage(ANCHOR.minusDays(3)).forEach(u -> refs.add(u.ref()));
    view.usage(ANCHOR.minusDays(3)).forEach(u -> refs.add(u.account()));

    assertThat(refs)
        .allSatisfy(ref -> assertThat(truth.customerOf(ref)).as(ref.toString()).isPresent());
    assertThat(truth.customerOf(SourceRef.of("zendesk", "1"))).isEmpty();
  }

  @Test
  void truthAgreesWithTheSystemsExternalIds() {
    SandboxCompany company = Companies.medium();
    SandboxView view = company.viewAt(ANCHOR_CLOCK);
    GroundTruth truth = company.truth();

    for (Account org : view.accounts(SandboxView.ZENDESK)) {
      if (org.externalId() != null) {
        assertThat(truth.customerOf(SourceRef.of(SandboxView.SALESFORCE, org.externalId())))
            .isEqualTo(truth.customerOf(org.ref()));
      }
    }
    for (GroundTruth.TrueCustomer c : truth.customers()) {
      assertThat(truth.customerOf(SourceRef.of(SandboxView.SALESFORCE, c.salesforceAccountId())))
          .contains(c.key());
      assertThat(truth.customerOf(SourceRef.of(SandboxView.PRODUCT, c.workspaceId())))
          .contains(c.key());
    }
    assertThat(truth.customers().stream().map(GroundTruth.TrueCustomer::domain).distinct())
        .as("company domains are unique per true customer")
        .hasSize(truth.customers().size());
  }

  @Test
  void referencesPointAtRecordsInTheSameView() {
    SandboxView view = Companies.medium().viewAt(ANCHOR_CLOCK);
    Set<SourceRef> sfAccounts = refs(view.accounts(SandboxView.SALESFORCE));
    Set<SourceRef> orgs = refs(view.accounts(SandboxView.ZENDESK));
    Set<SourceRef> users = refs(view.contacts(SandboxView.ZENDESK));

    assertThat(view.contacts(SandboxView.SALESFORCE))
        .allSatisfy(c -> assertThat(sfAccounts).contains(c.account()));
    assertThat(view.subscriptions()).allSatisfy(s -> assertThat(sfAccounts).contains(s.account()));
    assertThat(view.contacts(SandboxView.ZENDESK))
        .allSatisfy(u -> assertThat(u.account() == null || orgs.contains(u.account())).isTrue());
    assertThat(view.tickets())
        .allSatisfy(
            t -> {
              assertThat(users).contains(t.requester());
              assertThat(t.account() == null || orgs.contains(t.account())).isTrue();
            });
  }

  @Test
  void nothingInAViewChangedAfterItsClock() {
    Instant clock = ANCHOR_CLOCK.plusSeconds(12 * 3600);
    SandboxView view = Companies.medium().viewAt(clock);

    assertThat(allRecords(view))
        .allSatisfy(r -> assertThat(r.updatedAt()).isBeforeOrEqualTo(clock));
    assertThat(view.tickets())
        .allSatisfy(
            t -> {
              assertThat(t.createdAt()).isBeforeOrEqualTo(clock);
              assertThat(t.solvedAt() == null || !t.solvedAt().isAfter(clock)).isTrue();
            });
  }

  @Test
  void writesTruthFiles() throws IOException {
    GroundTruth truth = Companies.medium().truth();
    truth.write(dir);

    List<String> records = Files.readAllLines(dir.resolve("records.csv"));
    List<String> customers = Files.readAllLines(dir.resolve("customers.csv"));
    assertThat(records.get(0)).isEqualTo("system,entity,source_id,customer_key");
    assertThat(records).hasSize((int) truth.records().count() + 1);
    assertThat(records.stream().skip(1).map(l -> l.split(",")[0]).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("salesforce", "zendesk", "delighted", "product");
    assertThat(customers.get(0)).startsWith("customer_key,churned_on,");
    assertThat(customers).hasSize(1_501);
    assertThat(customers.get(1)).startsWith("cust-000001,");
  }

  static Stream<CanonicalRecord> allRecords(SandboxView view) {
    return Stream.of(
            view.accounts(SandboxView.SALESFORCE),
            view.accounts(SandboxView.ZENDESK),
            view.contacts(SandboxView.SALESFORCE),
            view.contacts(SandboxView.ZENDESK),
            view.subscriptions(),
            view.tickets(),
            view.surveyResponses())
        .flatMap(List::stream)
        .map(CanonicalRecord.class::cast);
  }

  private static Set<SourceRef> refs(List<? extends CanonicalRecord> records) {
    return records.stream().map(CanonicalRecord::ref).collect(Collectors.toSet());
  }
}
