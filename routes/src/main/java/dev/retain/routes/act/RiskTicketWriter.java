package dev.retain.routes.act;

import static java.util.Objects.requireNonNull;

import dev.retain.connectors.spi.RiskTicketDraft;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes what a risk ticket says: the score, the top reasons in plain words, the churn model's
 * estimate and its reasons (when a model is active), and a play.
 */
final class RiskTicketWriter {

  /** One at-risk customer as the act stage sees it. */
  record AtRisk(
      String customerId,
      String name,
      String plan,
      BigDecimal arr,
      LocalDate renewalDate,
      String owner,
      LocalDate asOf,
      double score,
      String band,
      Double scoreChange,
      List<Reason> reasons,
      Churn churn) {
    AtRisk {
      requireNonNull(customerId, "customerId is null");
      reasons = List.copyOf(reasons);
    }
  }

  /** A driver that pulls the score down. */
  record Reason(String group, String measure, double contribution, String text) {}

  /**
   * The churn model's estimate for the customer that day.
   *
   * @param probability churn probability within {@code horizonDays}, 0 to 1
   * @param flagged whether it is at or above the model's alert threshold; null when unknown
   * @param modelVersion the model that estimated it
   * @param reasons the drivers that raise the risk in plain words, the strongest first
   */
  record Churn(
      double probability,
      Integer horizonDays,
      Boolean flagged,
      String modelVersion,
      List<String> reasons) {
    Churn {
      reasons = List.copyOf(reasons);
    }
  }

  /** The title of the churn model's section of a ticket. */
  static final String CHURN_SECTION = "Churn prediction";

  private final String dashboardUrlTemplate;
  private final int maxReasons;

  RiskTicketWriter(String dashboardUrlTemplate, int maxReasons) {
    this.dashboardUrlTemplate = dashboardUrlTemplate;
    this.maxReasons = maxReasons;
  }

  RiskTicketDraft draft(AtRisk c) {
    String name = c.name() == null ? c.customerId() : c.name();
    String score = String.format(Locale.ROOT, "%.0f", c.score());
    String change =
        c.scoreChange() == null
            ? ""
            : String.format(
                Locale.ROOT,
                ", %s %.0f points since the previous score",
                c.scoreChange() < 0 ? "down" : "up",
                Math.abs(c.scoreChange()));
    String headline =
        String.format(
            Locale.ROOT,
            "%s scored %s/100 on %s and is at risk of churning (band %s%s).",
            name,
            score,
            c.asOf(),
            c.band(),
            change);
    List<Reason> top = c.reasons().stream().limit(maxReasons).toList();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Health score", score + " (" + c.band() + ")");
    facts.put("ARR", c.arr() == null ? "unknown" : money(c.arr()));
    facts.put("Plan", c.plan() == null ? "unknown" : c.plan());
    facts.put(
        "Renewal date",
        c.renewalDate() == null
            ? "unknown"
            : c.renewalDate()
                + " (in "
                + (c.renewalDate().toEpochDay() - c.asOf().toEpochDay())
                + " days)");
    facts.put("Account owner", c.owner() == null ? "unassigned" : c.owner());
    facts.put("Suggested play", play(top));
    facts.put("Retain customer id", c.customerId());
    if (dashboardUrlTemplate != null && !dashboardUrlTemplate.isBlank()) {
      facts.put("Dashboard", dashboardUrlTemplate.replace("{customerId}", c.customerId()));
    }
    return new RiskTicketDraft(
        c.customerId(),
        "Churn risk: " + name + " (health " + score + ")",
        headline,
        top.stream().map(Reason::text).toList(),
        facts,
        c.score() < 25 ? "Highest" : "High",
        c.churn() == null ? List.of() : List.of(churnSection(c.churn())));
  }

  /**
   * The churn model's section: "64% within 90 days (model …)", then the reasons that raise the risk
   * as bullets. The text up to " (" is what a change comment compares.
   */
  RiskTicketDraft.Section churnSection(Churn churn) {
    StringBuilder text = new StringBuilder(churnOdds(churn.probability(), churn.horizonDays()));
    text.append(" (model ").append(churn.modelVersion() == null ? "unknown" : churn.modelVersion());
    if (Boolean.TRUE.equals(churn.flagged())) {
      text.append(", at or above its alert threshold");
    } else if (Boolean.FALSE.equals(churn.flagged())) {
      text.append(", below its alert threshold");
    }
    text.append(')');
    return new RiskTicketDraft.Section(
        CHURN_SECTION, text.toString(), churn.reasons().stream().limit(maxReasons).toList());
  }

  /** "64% within 90 days"; below 1% and above 99% say so rather than round to 0 or 100. */
  static String churnOdds(double probability, Integer horizonDays) {
    double percent = probability * 100;
    String odds =
        percent > 0 && percent < 1
            ? "<1%"
            : percent > 99 && percent < 100
                ? ">99%"
                : String.format(Locale.ROOT, "%.0f%%", percent);
    return horizonDays == null ? odds : odds + " within " + horizonDays + " days";
  }

  /** A plain-words comment on what changed since the ticket last said something. */
  static String changes(RiskTicketDraft before, RiskTicketDraft now) {
    StringBuilder sb = new StringBuilder("Update from Retain: ");
    sb.append(now.facts().get("Health score"));
    String was = before == null ? null : before.facts().get("Health score");
    if (was != null && !was.equals(now.facts().get("Health score"))) {
      sb.append(" (was ").append(was).append(")");
    }
    sb.append('.');
    RiskTicketDraft.Section churn = churnSectionOf(now);
    RiskTicketDraft.Section churnBefore = before == null ? null : churnSectionOf(before);
    if (churn != null && (churnBefore == null || !churnBefore.text().equals(churn.text()))) {
      sb.append(' ').append(churn.line());
      if (churnBefore != null) {
        String earlier = churnBefore.text();
        int cut = earlier.indexOf(" (");
        sb.append(" (was ").append(cut < 0 ? earlier : earlier.substring(0, cut)).append(')');
      }
      sb.append('.');
    }
    List<String> fresh =
        now.reasons().stream()
            .filter(r -> before == null || !before.reasons().contains(r))
            .toList();
    if (!fresh.isEmpty()) {
      sb.append(" New: ").append(String.join("; ", fresh)).append('.');
    }
    return sb.toString();
  }

  private static RiskTicketDraft.Section churnSectionOf(RiskTicketDraft draft) {
    return draft.sections().stream()
        .filter(s -> s.title().equals(CHURN_SECTION))
        .findFirst()
        .orElse(null);
  }

  /** The play for the strongest reason's group. */
  static String play(List<Reason> reasons) {
    if (reasons.isEmpty()) {
      return "Health check call with the customer's main contact";
    }
    String group = reasons.get(0).group() == null ? "" : reasons.get(0).group();
    return switch (group) {
      case "usage" ->
          "Adoption review: walk the team through the core workflows and re-onboard"
              + " inactive seats";
      case "support" ->
          "Escalate the open urgent tickets with the support lead and agree a fix"
              + " date with the customer";
      case "sentiment" -> "Executive check-in: call the detractor, listen, and agree next steps";
      case "commercial" ->
          "Billing and renewal outreach: resolve the payment issue and start the"
              + " renewal conversation early";
      default -> "Health check call with the customer's main contact";
    };
  }

  private static String money(BigDecimal amount) {
    NumberFormat f = NumberFormat.getCurrencyInstance(Locale.US);
    f.setMaximumFractionDigits(0);
    return f.format(amount);
  }
}
