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
 * @param sections further titled blocks after the reasons (such as the churn model's estimate and
 *     its reasons), in order; empty when there are none
 */
public record RiskTicketDraft(
    String dedupeKey,
    String summary,
    String headline,
    List<String> reasons,
    Map<String, String> facts,
    String priority,
    List<Section> sections) {

  public RiskTicketDraft {
    requireNonNull(dedupeKey, "dedupeKey is null");
    requireNonNull(summary, "summary is null");
    requireNonNull(headline, "headline is null");
    reasons = List.copyOf(requireNonNull(reasons, "reasons is null"));
    facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(facts)));
    requireNonNull(priority, "priority is null");
    sections = sections == null ? List.of() : List.copyOf(sections);
  }

  /** A draft without further sections. */
  public RiskTicketDraft(
      String dedupeKey,
      String summary,
      String headline,
      List<String> reasons,
      Map<String, String> facts,
      String priority) {
    this(dedupeKey, summary, headline, reasons, facts, priority, List.of());
  }

  /**
   * A titled block of a ticket: one line of text after the title, then bullet items.
   *
   * @param title the block's label, e.g. {@code Churn prediction}
   * @param text what follows the title on its line; may be empty
   * @param items bullet lines, most important first; may be empty
   */
  public record Section(String title, String text, List<String> items) {
    public Section {
      requireNonNull(title, "title is null");
      text = text == null ? "" : text;
      items = List.copyOf(requireNonNull(items, "items is null"));
    }

    /** The title and text as one line: {@code title: text}, or the title alone. */
    public String line() {
      return text.isEmpty() ? title : title + ": " + text;
    }
  }
}
