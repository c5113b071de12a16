package dev.retain.scoring.scores;

import dev.retain.scoring.api.model.ChurnDriver;
import dev.retain.scoring.api.model.CustomerFeatures;
import dev.retain.scoring.api.model.CustomerScore;
import dev.retain.scoring.models.ChurnPredictor;
import dev.retain.scoring.models.ChurnPredictor.ChurnEstimate;
import dev.retain.scoring.models.ChurnPredictor.Driver;
import dev.retain.scoring.scorecard.HealthScorer;
import dev.retain.scoring.web.RequestProblem.FieldProblem;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The churn model's side of a score: checks a customer's features and attributes against the
 * model's columns, and puts the model's estimate, drivers and plain-language reasons into the
 * answer.
 *
 * <p>The rule for the model's inputs: numeric columns come from {@code features}, categorical ones
 * from {@code attributes}; a column sent in the wrong one is rejected with its name. A column the
 * model needs but the customer lacks is imputed (the training median, or no level set) and named in
 * {@code churnNotes}. Values the model does not use are ignored.
 */
final class ChurnInputs {

  /** The contract's bounds on attributes. */
  static final int MAX_ATTRIBUTES = 100;

  static final int MAX_ATTRIBUTE_LENGTH = 200;

  private static final Pattern CAMEL_CASE = Pattern.compile("([a-z0-9])([A-Z])");

  /** Between the values of a crossing's two columns. */
  private static final Pattern VALUES = Pattern.compile(", ");

  private ChurnInputs() {}

  /** The model's input for one customer; adds a problem for each value at fault. */
  static Map<String, Object> of(
      ChurnPredictor model, CustomerFeatures customer, int index, List<FieldProblem> errors) {
    String at = "customers[" + index + "]";
    Map<String, Object> input = new HashMap<>();
    if (customer == null) {
      return input;
    }
    Map<String, Double> features = customer.getFeatures();
    if (features != null) {
      for (Map.Entry<String, Double> f : features.entrySet()) {
        if (f.getValue() != null && model.categoricalColumns().contains(f.getKey())) {
          errors.add(
              new FieldProblem(
                  at + ".features." + f.getKey(),
                  "is a categorical column of the churn model: send it in attributes"));
        }
        input.put(f.getKey(), f.getValue());
      }
    }
    Map<String, String> attributes = customer.getAttributes();
    if (attributes == null) {
      return input;
    }
    if (attributes.size() > MAX_ATTRIBUTES) {
      errors.add(
          new FieldProblem(
              at + ".attributes",
              "at most " + MAX_ATTRIBUTES + " attributes (has " + attributes.size() + ")"));
    }
    for (Map.Entry<String, String> a : attributes.entrySet()) {
      String name = at + ".attributes." + a.getKey();
      String value = a.getValue();
      if (value == null) {
        continue;
      }
      if (value.length() > MAX_ATTRIBUTE_LENGTH) {
        errors.add(
            new FieldProblem(name, "must have at most " + MAX_ATTRIBUTE_LENGTH + " characters"));
      } else if (model.numericColumns().contains(a.getKey())) {
        errors.add(
            new FieldProblem(name, "is a numeric column of the churn model: send it in features"));
      } else if (features != null && features.get(a.getKey()) != null) {
        errors.add(new FieldProblem(name, "is also given in features; give it once"));
      }
      input.put(a.getKey(), value);
    }
    return input;
  }

  /** Puts the model's estimate into a customer's score. */
  static void fill(
      CustomerScore dto, ChurnEstimate estimate, CustomerFeatures customer, HealthScorer scorer) {
    double p = estimate.probability();
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalStateException("the churn model gave a probability outside 0..1: " + p);
    }
    List<ChurnDriver> drivers = new ArrayList<>(estimate.drivers().size());
    for (Driver d : estimate.drivers()) {
      drivers.add(
          new ChurnDriver(
                  d.feature(),
                  Math.round(d.contribution() * 1e6) / 1e6,
                  reason(d, customer.getFeatures(), scorer))
              .value(d.value()));
    }
    dto.churnProbability(Math.round(p * 1e6) / 1e6)
        .churnFlagged(estimate.flagged())
        .churnDrivers(drivers)
        .churnNotes(estimate.notes());
  }

  /**
   * The driver in plain words: the scorecard's own wording when a measure reads that feature
   * ("logins down 62% over the last 30 days"), else its name and value ("contract month-to-month");
   * then which way it pushes the risk.
   */
  static String reason(Driver driver, Map<String, Double> features, HealthScorer scorer) {
    String words =
        features == null ? null : scorer.describe(driver.feature(), features).orElse(null);
    if (words == null) {
      words =
          humanise(driver.feature())
              + (driver.value().isEmpty() ? " not given" : " " + number(driver.value()));
    }
    double c = driver.contribution();
    String push = Math.abs(c) < 0.005 ? "hardly changes" : c > 0 ? "raises" : "lowers";
    return words + " (" + push + " the churn risk)";
  }

  /** "monthly_charges" and "MonthlyCharges" as "monthly charges"; "a & b" as "a and b". */
  static String humanise(String feature) {
    return CAMEL_CASE
        .matcher(feature)
        .replaceAll("$1 $2")
        .replace('_', ' ')
        .replace(" & ", " and ")
        .toLowerCase(Locale.ROOT)
        .strip();
  }

  /** Numbers to 4 significant digits ("12.0" as "12"), text as given; several joined by "and". */
  private static String number(String value) {
    List<String> parts = new ArrayList<>();
    for (String part : VALUES.split(value)) {
      try {
        parts.add(
            new BigDecimal(part).round(new MathContext(4)).stripTrailingZeros().toPlainString());
      } catch (NumberFormatException e) {
        parts.add(part.isEmpty() ? "(none)" : part);
      }
    }
    return String.join(" and ", parts);
  }
}
