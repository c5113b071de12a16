package dev.retain.routes.act;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.connectors.spi.RiskTicketDraft;
import dev.retain.routes.act.RiskTicketWriter.AtRisk;
import dev.retain.routes.act.RiskTicketWriter.Churn;
import dev.retain.routes.act.RiskTicketWriter.Reason;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RiskTicketWriterTest {
  private final RiskTicketWriter writer =
      new RiskTicketWriter("https://bi.example/d/customer?id={customerId}", 2);

  private static AtRisk acme(double score, Double change, List<Reason> reasons) {
    return acme(score, change, reasons, null);
  }

  private static AtRisk acme(double score, Double change, List<Reason> reasons, Churn churn) {
    return new AtRisk(
        "C0000042",
        "Acme GmbH",
        "Growth",
        new BigDecimal("48000"),
        LocalDate.of(2026, 11, 30),
        "Dana Lee",
        LocalDate.of(2026, 10, 1),
        score,
        "red",
        change,
        reasons,
        churn);
  }

  private static Churn churn(double probability, Boolean flagged, String... reasons) {
    return new Churn(probability, 90, flagged, "20261122-0001", List.of(reasons));
  }

  private static final List<Reason> LOGINS =
      List.of(new Reason("usage", "login_trend", -9, "logins down 40% over the last 30 days"));

  @Test
  void aTicketSaysWhoHowAtRiskWhyAndWhatToDo() {
    RiskTicketDraft draft =
        writer.draft(
            acme(
                31.4,
                -12.0,
                List.of(
                    new Reason(
                        "usage", "login_trend", -9.1, "logins down 62% over the last 30 days"),
                    new Reason(
                        "support", "urgent_tickets", -4.0, "2 urgent tickets open, oldest 9 days"),
                    new Reason("sentiment", "nps", -2.0, "NPS 4 (detractor)"))));

    assertThat(draft.dedupeKey()).isEqualTo("C0000042");
    assertThat(draft.summary()).isEqualTo("Churn risk: Acme GmbH (health 31)");
    assertThat(draft.headline())
        .isEqualTo(
            "Acme GmbH scored 31/100 on 2026-10-01 and is at risk"
                + " of churning (band red, down 12 points since the previous score).");
    assertThat(draft.reasons())
        .containsExactly(
            "logins down 62% over the last 30 days", "2 urgent tickets open, oldest 9 days");
    assertThat(draft.facts())
        .containsEntry("ARR", "$48,000")
        .containsEntry("Renewal date", "2026-11-30 (in 60 days)")
        .containsEntry("Account owner", "Dana Lee")
        .containsEntry("Dashboard", "https://bi.example/d/customer?id=C0000042");
    assertThat(draft.facts().get("Suggested play")).startsWith("Adoption review");
    assertThat(draft.priority()).isEqualTo("High");
  }

  @Test
  void theVeryLowestScoresGetTheHighestPriority() {
    assertThat(writer.draft(acme(18, null, List.of())).priority()).isEqualTo("Highest");
    assertThat(writer.draft(acme(18, null, List.of())).facts().get("Suggested play"))
        .isEqualTo("Health check call with the customer's main contact");
  }

  @Test
  void theChangeCommentNamesTheOldScoreAndOnlyTheNewReasons() {
    RiskTicketDraft before =
        writer.draft(
            acme(
                40,
                null,
                List.of(
                    new Reason(
                        "usage", "login_trend", -9, "logins down 40% over the last 30 days"))));
    RiskTicketDraft now =
        writer.draft(
            acme(
                31,
                -9.0,
                List.of(
                    new Reason("usage", "login_trend", -9, "logins down 40% over the last 30 days"),
                    new Reason("commercial", "payment", -5, "last payment failed"))));

    assertThat(RiskTicketWriter.changes(before, now))
        .isEqualTo("Update from Retain: 31 (red) (was 40 (red)). New: last payment failed.");
  }

  @Test
  void withAChurnModelTheTicketHasAChurnSectionWithTheReasonsThatRaiseTheRisk() {
    RiskTicketDraft draft =
        writer.draft(
            acme(
                31,
                null,
                LOGINS,
                churn(
                    0.642,
                    true,
                    "days since last login 41 (raises the churn risk)",
                    "payment failed 1 (raises the churn risk)",
                    "urgent open tickets 2 (raises the churn risk)")));

    assertThat(draft.sections()).hasSize(1);
    RiskTicketDraft.Section section = draft.sections().get(0);
    assertThat(section.line())
        .isEqualTo(
            "Churn prediction: 64% within 90 days"
                + " (model 20261122-0001, at or above its alert threshold)");
    // as many as the ticket's reasons (2 in this writer)
    assertThat(section.items())
        .containsExactly(
            "days since last login 41 (raises the churn risk)",
            "payment failed 1 (raises the churn risk)");
    // the scorecard's reasons and facts are unchanged
    assertThat(draft.reasons()).containsExactly("logins down 40% over the last 30 days");
    assertThat(draft.facts()).doesNotContainKey("Churn prediction");
  }

  @Test
  void withoutAChurnModelThereIsNoChurnSection() {
    assertThat(writer.draft(acme(31, null, LOGINS)).sections()).isEmpty();
  }

  @Test
  void theChurnLineSaysBelowTheThresholdAndKeepsTinyAndHugeOddsHonest() {
    assertThat(writer.draft(acme(31, null, LOGINS, churn(0.12, false))).sections().get(0).text())
        .isEqualTo("12% within 90 days (model 20261122-0001, below its alert threshold)");
    assertThat(writer.draft(acme(31, null, LOGINS, churn(0.12, null))).sections().get(0).text())
        .isEqualTo("12% within 90 days (model 20261122-0001)");
    assertThat(RiskTicketWriter.churnOdds(0.004, 90)).isEqualTo("<1% within 90 days");
    assertThat(RiskTicketWriter.churnOdds(0.996, 90)).isEqualTo(">99% within 90 days");
    assertThat(RiskTicketWriter.churnOdds(1.0, null)).isEqualTo("100%");
  }

  @Test
  void theChangeCommentNamesTheOldChurnProbability() {
    RiskTicketDraft before = writer.draft(acme(40, null, LOGINS, churn(0.48, false)));
    RiskTicketDraft now =
        writer.draft(
            acme(31, -9.0, LOGINS, churn(0.64, true, "payment failed 1 (raises the churn risk)")));

    assertThat(RiskTicketWriter.changes(before, now))
        .isEqualTo(
            "Update from Retain: 31 (red) (was 40 (red)). Churn prediction: 64% within 90 days"
                + " (model 20261122-0001, at or above its alert threshold) (was 48% within 90"
                + " days).");
  }

  @Test
  void anUnchangedChurnProbabilityIsNotRepeatedAndAFirstOneIsAnnounced() {
    RiskTicketDraft withChurn = writer.draft(acme(40, null, LOGINS, churn(0.48, false)));
    RiskTicketDraft without = writer.draft(acme(40, null, LOGINS));

    assertThat(RiskTicketWriter.changes(withChurn, withChurn))
        .isEqualTo("Update from Retain: 40 (red).");
    assertThat(RiskTicketWriter.changes(without, withChurn))
        .isEqualTo(
            "Update from Retain: 40 (red). Churn prediction: 48% within 90 days"
                + " (model 20261122-0001, below its alert threshold).");
  }
}
