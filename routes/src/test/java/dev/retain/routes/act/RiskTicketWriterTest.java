package dev.retain.routes.act;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.connectors.spi.RiskTicketDraft;
import dev.retain.routes.act.RiskTicketWriter.AtRisk;
import dev.retain.routes.act.RiskTicketWriter.Reason;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RiskTicketWriterTest {
  private final RiskTicketWriter writer =
      new RiskTicketWriter("https://bi.example/d/customer?id={customerId}", 2);

  private static AtRisk acme(double score, Double change, List<Reason> reasons) {
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
        reasons);
  }

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
}
