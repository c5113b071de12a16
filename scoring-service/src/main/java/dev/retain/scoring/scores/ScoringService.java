package dev.retain.scoring.scores;

import dev.retain.scoring.ScoringProperties;
import dev.retain.scoring.api.model.Band;
import dev.retain.scoring.api.model.CustomerFeatures;
import dev.retain.scoring.api.model.CustomerScore;
import dev.retain.scoring.api.model.Driver;
import dev.retain.scoring.api.model.ScoreRequest;
import dev.retain.scoring.api.model.ScoreResponse;
import dev.retain.scoring.scorecard.HealthScore;
import dev.retain.scoring.scorecard.HealthScorer;
import dev.retain.scoring.scorecard.Measure;
import dev.retain.scoring.scorecard.ScoredMeasure;
import dev.retain.scoring.web.RequestProblem;
import dev.retain.scoring.web.RequestProblem.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Scores a batch: checks the request against the contract (required fields, lengths, ranges; in one
 * pass, which bean validation of a large batch is not), the configured batch limit, finite values
 * and at least one scorecard feature per customer; scores every customer and maps the results to
 * the contract. A batch with any problem is rejected whole, naming every field at fault; nothing is
 * scored partially.
 */
@Service
class ScoringService {

  /** The horizon the churn probability will refer to; there is no churn model yet. */
  static final int HORIZON_DAYS = 90;

  /** The contract's maxLength of customerId. */
  static final int MAX_CUSTOMER_ID_LENGTH = 128;

  private final HealthScorer scorer;
  private final int maxBatchSize;
  private final String scorecardFeatures;

  ScoringService(HealthScorer scorer, ScoringProperties properties) {
    this.scorer = scorer;
    this.maxBatchSize = properties.maxBatchSize();
    this.scorecardFeatures =
        String.join(
            ", ", scorer.scorecard().measures().stream().map(Measure::feature).distinct().toList());
  }

  ScoreResponse score(ScoreRequest request) {
    List<CustomerFeatures> customers = request.getCustomers();
    if (customers == null || customers.isEmpty()) {
      throw RequestProblem.invalid(
          "The batch is empty",
          List.of(new FieldProblem("customers", "must list at least 1 customer")));
    }
    if (customers.size() > maxBatchSize) {
      throw RequestProblem.tooLarge(
          "The batch has "
              + customers.size()
              + " customers; at most "
              + maxBatchSize
              + " are accepted per request",
          List.of(new FieldProblem("customers", "at most " + maxBatchSize + " customers")));
    }
    List<FieldProblem> errors = new ArrayList<>();
    List<CustomerScore> scores = new ArrayList<>(customers.size());
    for (int i = 0; i < customers.size(); i++) {
      CustomerFeatures customer = customers.get(i);
      if (!check(customer, i, errors)) {
        continue;
      }
      Optional<HealthScore> score = scorer.score(customer.getFeatures());
      if (score.isEmpty()) {
        errors.add(
            new FieldProblem(
                "customers[" + i + "].features",
                "customer '"
                    + customer.getCustomerId()
                    + "' has none of the scorecard's features ("
                    + scorecardFeatures
                    + ")"));
      } else if (errors.isEmpty()) {
        scores.add(toDto(customer, score.get()));
      }
    }
    if (!errors.isEmpty()) {
      throw RequestProblem.invalid(
          errors.size()
              + " problem"
              + (errors.size() == 1 ? "" : "s")
              + " in the batch; no customer was scored",
          errors);
    }
    return new ScoreResponse(scorer.scorecard().version(), scores)
        .asOf(request.getAsOf())
        .modelVersion(null);
  }

  /**
   * The contract's constraints on one customer, plus finite feature values; adds a problem for each
   * field at fault.
   */
  private static boolean check(CustomerFeatures customer, int index, List<FieldProblem> errors) {
    String at = "customers[" + index + "]";
    if (customer == null) {
      errors.add(new FieldProblem(at, "must not be null"));
      return false;
    }
    int before = errors.size();
    String id = customer.getCustomerId();
    if (id == null) {
      errors.add(new FieldProblem(at + ".customerId", "is required"));
    } else if (id.isEmpty() || id.length() > MAX_CUSTOMER_ID_LENGTH) {
      errors.add(
          new FieldProblem(
              at + ".customerId",
              "must have 1 to "
                  + MAX_CUSTOMER_ID_LENGTH
                  + " characters (has "
                  + id.length()
                  + ")"));
    }
    Double previous = customer.getPreviousScore();
    if (previous != null && !(previous >= 0 && previous <= 100)) {
      errors.add(
          new FieldProblem(
              at + ".previousScore", "must be between 0 and 100 (was " + previous + ")"));
    }
    Map<String, Double> features = customer.getFeatures();
    if (features == null) {
      errors.add(new FieldProblem(at + ".features", "is required"));
    } else {
      for (Map.Entry<String, Double> feature : features.entrySet()) {
        Double value = feature.getValue();
        if (value != null && !Double.isFinite(value)) {
          errors.add(
              new FieldProblem(
                  at + ".features." + feature.getKey(),
                  "must be a finite number (was " + value + ")"));
        }
      }
    }
    return errors.size() == before;
  }

  private static CustomerScore toDto(CustomerFeatures customer, HealthScore score) {
    List<Driver> drivers = new ArrayList<>(score.drivers().size());
    for (ScoredMeasure scored : score.drivers()) {
      drivers.add(
          new Driver(
                  scored.measure().name(), scored.contribution(), scored.weight(), scored.reason())
              .feature(scored.measure().feature())
              .value(scored.value()));
    }
    Double previous = customer.getPreviousScore();
    return new CustomerScore(
            customer.getCustomerId(),
            score.healthScore(),
            band(score.band()),
            drivers,
            score.missingMeasures())
        .churnProbability(null)
        .horizonDays(HORIZON_DAYS)
        .scoreChange(
            previous == null ? null : Math.round((score.healthScore() - previous) * 100) / 100.0);
  }

  private static Band band(dev.retain.scoring.scorecard.Band band) {
    return switch (band) {
      case GREEN -> Band.GREEN;
      case YELLOW -> Band.YELLOW;
      case RED -> Band.RED;
    };
  }
}
