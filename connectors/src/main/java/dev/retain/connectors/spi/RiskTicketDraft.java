package dev.retain.connectors.spi;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a risk ticket should say, independent of the ticketing system.
 *
 * @param dedupeKey a stable key for the customer (never personal data); one ticket per key
 * @param summary the one-line title
 * @param headline the first paragraph: who, how at risk, since when
 * @param reasons the top reasons in plain words, most important first
 * @param facts ordered label/value pairs (score, ARR, renewal date, suggested play, dashboard link)
 * @param priority one of {@code Highest, High, Medium, Low}
 */
public record RiskTicketDraft(
    String dedupeKey,
    String summary,
    String headline,
    List<String> reasons,
    Map<String, String> facts,
    String priority) {

  public RiskTicketDraft {
    requireNonNull(dedupeKey, "dedupeKey is null");
    requireNonNull(summary, "summary is null");
    requireNonNull(headline, "headline is null");
    reasons = List.copyOf(requireNonNull(reasons, "reasons is null"));
    facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(facts)));
    requireNonNull(priority, "priority is null");
  }
}
