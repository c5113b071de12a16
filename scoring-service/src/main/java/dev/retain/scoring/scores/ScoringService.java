package dev.retain.scoring.scores;

import dev.retain.scoring.ScoringProperties;
import dev.retain.scoring.api.model.Band;
import dev.retain.scoring.api.model.CustomerFeatures;
import dev.retain.scoring.api.model.CustomerScore;
import dev.retain.scoring.api.model.Driver;
import dev.retain.scoring.api.model.GroupScore;
import dev.retain.scoring.api.model.ScoreRequest;
import dev.retain.scoring.api.model.ScoreResponse;
import dev.retain.scoring.models.ChurnModels;
import dev.retain.scoring.models.ChurnPredictor;
import dev.retain.scoring.models.ChurnPredictor.ChurnEstimate;
import dev.retain.scoring.scorecard.HealthScore;
import dev.retain.scoring.scorecard.HealthScorer;
import dev.retain.scoring.scorecard.Measure;
import dev.retain.scoring.scorecard.ScorecardRegistry;
import dev.retain.scoring.scorecard.ScorecardRegistry.InForce;
import dev.retain.scoring.scorecard.ScorecardRegistry.Selection;
import dev.retain.scoring.scorecard.ScoredMeasure;
import dev.retain.scoring.web.RequestProblem;
import dev.retain.scoring.web.RequestProblem.FieldProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
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

  /** The horizon the churn probability refers to. */
  static final int HORIZON_DAYS = 90;

  /** The contract's maxLength of customerId. */
  static final int MAX_CUSTOMER_ID_LENGTH = 128;

  private final ScorecardRegistry scorecards;
  private final ObjectProvider<ChurnModels> models;
  private final int maxBatchSize;

  ScoringService(
      ScorecardRegistry scorecards,
      ObjectProvider<ChurnModels> models,
      ScoringProperties properties) {
    this.scorecards = scorecards;
    this.models = models;
    this.maxBatchSize = properties.maxBatchSize();
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
    // one scorecard version and one model for the whole batch, even if either is replaced meanwhile
    InForce scorecard = scorecards.current();
    ChurnModels core = models.getIfAvailable();
    ChurnPredictor model = core == null ? null : core.active().orElse(null);
    List<FieldProblem> errors = new ArrayList<>();
    List<Selection> selections = new ArrayList<>(customers.size());
    List<HealthScore> health = new ArrayList<>(customers.size());
    List<Map<String, Object>> modelInputs = new ArrayList<>(model == null ? 0 : customers.size());
    for (int i = 0; i < customers.size(); i++) {
      CustomerFeatures customer = customers.get(i);
      if (!check(customer, i, errors)) {
        continue;
      }
      Selection selection = scorecard.select(customer.getSegment());
      Optional<HealthScore> score = selection.scorer().score(customer.getFeatures());
      if (score.isEmpty()) {
        errors.add(
            new FieldProblem(
                "customers[" + i + "].features",
                "customer '"
                    + customer.getCustomerId()
                    + "' has none of the scorecard's features ("
                    + features(selection.scorer())
                    + ")"));
      } else if (errors.isEmpty()) {
        selections.add(selection);
        health.add(score.get());
      }
      if (model != null) {
        modelInputs.add(ChurnInputs.of(model, customer, i, errors));
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
    int driverCount = request.getChurnDrivers() == null ? 3 : request.getChurnDrivers();
    List<ChurnEstimate> churn =
        model == null ? null : model.estimate(modelInputs, Math.max(0, driverCount));
    List<CustomerScore> scores = new ArrayList<>(customers.size());
    for (int i = 0; i < customers.size(); i++) {
      CustomerScore dto = toDto(customers.get(i), health.get(i), selections.get(i));
      if (churn != null) {
        ChurnInputs.fill(dto, churn.get(i), customers.get(i), selections.get(i).scorer());
      }
      scores.add(dto);
    }
    return new ScoreResponse(scorecard.version(), scores)
        .asOf(request.getAsOf())
        .modelVersion(model == null ? null : model.version())
        .churnExplanation(model == null ? null : model.explanation());
  }

  private static String features(HealthScorer scorer) {
    return String.join(
        ", ", scorer.scorecard().measures().stream().map(Measure::feature).distinct().toList());
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

  private static CustomerScore toDto(
      CustomerFeatures customer, HealthScore score, Selection selection) {
    List<Driver> drivers = new ArrayList<>(score.drivers().size());
    Map<String, long[]> groups = new LinkedHashMap<>();
    for (Measure m : selection.scorer().scorecard().measures()) {
      groups.putIfAbsent(m.group(), null);
    }
    for (ScoredMeasure scored : score.drivers()) {
      drivers.add(
          new Driver(
                  scored.measure().name(), scored.contribution(), scored.weight(), scored.reason())
              .feature(scored.measure().feature())
              .value(scored.value()));
      long[] sums = groups.get(scored.measure().group());
      if (sums == null) {
        sums = new long[2];
        groups.put(scored.measure().group(), sums);
      }
      // in hundredths of a point and millionths of weight, so that the subtotals add up exactly
      sums[0] += Math.round(scored.contribution() * 100);
      sums[1] += Math.round(scored.weight() * 1e6);
    }
    List<GroupScore> groupScores = new ArrayList<>(groups.size());
    groups.forEach(
        (group, sums) -> {
          if (sums != null) {
            groupScores.add(new GroupScore(group, sums[0] / 100.0, sums[1] / 1e6));
          }
        });
    Double previous = customer.getPreviousScore();
    return new CustomerScore(
            customer.getCustomerId(),
            score.healthScore(),
            band(score.band()),
            drivers,
            score.missingMeasures())
        .horizonDays(HORIZON_DAYS)
        .segment(selection.segment())
        .segmentFallback(selection.fallback())
        .groups(groupScores)
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
