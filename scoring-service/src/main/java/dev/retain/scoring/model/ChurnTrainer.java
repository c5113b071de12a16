package dev.retain.scoring.model;

import static java.util.Objects.requireNonNull;

import dev.retain.scoring.model.Candidate.Roster;
import dev.retain.scoring.model.Candidate.Unavailable;
import dev.retain.scoring.model.Metrics.Evaluation;
import dev.retain.scoring.model.Splits.Split;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains every candidate under cross-validation, chooses the one with the best mean validation ROC
 * AUC, fits the calibrator on its out-of-fold predictions, and trains it on all rows.
 *
 * <p>Validation: time-ordered (expanding window, one repeat) when the spec names a date column;
 * otherwise the given fold assignment, or stratified repeated k-fold drawn from the seed. The
 * feature schema (standardisation, imputation, levels, quantile steps) is fitted on each split's
 * training rows only. Calibration is measured honestly by cross-fitting: within a repeat, the
 * calibrator applied to fold k's out-of-fold predictions is fitted on the other folds'.
 */
public final class ChurnTrainer {

  private static final LabelFactory LABELS = new LabelFactory();

  private final TrainingOptions options;
  private final Consumer<String> progress;

  public ChurnTrainer(TrainingOptions options, Consumer<String> progress) {
    this.options = requireNonNull(options, "options");
    this.progress = requireNonNull(progress, "progress");
  }

  public ChurnTrainer(TrainingOptions options) {
    this(options, message -> {});
  }

  /**
   * One candidate's cross-validated results.
   *
   * @param status "evaluated" or "skipped" (then {@code reason} says why)
   * @param cvRocAuc mean validation ROC AUC over the splits (the selection criterion)
   * @param raw metrics of the pooled out-of-fold raw probabilities
   * @param calibrated metrics of the pooled out-of-fold calibrated (cross-fitted) probabilities,
   *     with the confusion matrix at {@code threshold}
   * @param threshold the operating threshold on the calibrated probability, set by the options'
   *     {@link ThresholdRule} on those pooled out-of-fold calibrated probabilities
   */
  public record CandidateResult(
      String name,
      String description,
      String status,
      String reason,
      double cvRocAuc,
      double cvRocAucStd,
      List<Double> foldRocAuc,
      Evaluation raw,
      Evaluation calibrated,
      double threshold,
      double seconds) {}

  /** Everything a training run produced. */
  public record Result(
      String validation,
      int rows,
      int positives,
      List<CandidateResult> candidates,
      String chosen,
      ChurnModel model,
      double trainingSeconds) {

    public CandidateResult chosenResult() {
      return candidates.stream().filter(c -> c.name().equals(chosen)).findFirst().orElseThrow();
    }
  }

  public Result train(Table table, DatasetSpec spec) {
    long started = System.nanoTime();
    double[] y = outcomes(table, spec);
    int positives = (int) Arrays.stream(y).sum();
    if (positives == 0 || positives == y.length) {
      throw new IllegalArgumentException(
          "the label column '"
              + spec.label()
              + "' must have both '"
              + spec.positive()
              + "' and other values");
    }
    List<Split> splits;
    String validation;
    if (spec.date() != null) {
      int c = table.index(spec.date());
      String[] dates = table.rows().stream().map(r -> r.get(c)).toArray(String[]::new);
      splits = Splits.timeOrdered(dates, options.folds());
      validation =
          "time-ordered by "
              + spec.date()
              + ": "
              + splits.size()
              + " expanding-window splits (train on earlier blocks, validate on the next)";
    } else if (options.fixedFolds() != null) {
      splits = Splits.fromAssignment(options.fixedFolds(), options.folds());
      validation =
          options.fixedFolds().length + "x" + options.folds() + "-fold, given fold assignment";
    } else {
      splits = Splits.stratified(y, options.folds(), options.repeats(), options.seed());
      validation =
          options.repeats() + "x" + options.folds() + "-fold stratified, seed " + options.seed();
    }
    int repeats = splits.stream().mapToInt(Split::repeat).max().orElse(0) + 1;

    Roster roster = Candidate.defaults(options.candidates());
    List<CandidateResult> results = new ArrayList<>();
    double[][] bestOof = null;
    CandidateResult best = null;
    Candidate bestCandidate = null;
    for (Candidate candidate : roster.available()) {
      long t0 = System.nanoTime();
      double[][] oof = new double[repeats][y.length];
      for (double[] row : oof) {
        Arrays.fill(row, Double.NaN);
      }
      List<Double> aucs = new ArrayList<>();
      for (Split split : splits) {
        Table train = table.select(split.train());
        Table test = table.select(split.test());
        FeatureSchema schema = FeatureSchema.fit(train, spec, candidate.features());
        Model<Label> model =
            candidate.learner().fit(dataset(schema, train, spec), schema, options.seed());
        double[] p = ChurnModel.rawProbabilities(model, examples(schema, test, spec));
        double[] yTest = new double[p.length];
        for (int i = 0; i < p.length; i++) {
          oof[split.repeat()][split.test()[i]] = p[i];
          yTest[i] = y[split.test()[i]];
        }
        aucs.add(Metrics.rocAuc(yTest, p));
      }
      CandidateResult result = summarise(candidate, y, oof, splits, aucs, t0);
      progress.accept(
          String.format(
              "%s: cv ROC AUC %.4f ± %.4f, calibrated ECE %.4f (%.1f s)",
              candidate.name(),
              result.cvRocAuc(),
              result.cvRocAucStd(),
              result.calibrated().calibration().ece(),
              result.seconds()));
      results.add(result);
      if (best == null || result.cvRocAuc() > best.cvRocAuc()) {
        best = result;
        bestOof = oof;
        bestCandidate = candidate;
      }
    }
    for (Unavailable u : roster.unavailable()) {
      results.add(
          new CandidateResult(
              u.name(),
              null,
              "skipped",
              u.reason(),
              Double.NaN,
              Double.NaN,
              List.of(),
              null,
              null,
              Double.NaN,
              0));
    }
    if (bestCandidate == null) {
      throw new IllegalStateException("no candidate could be trained: " + roster.unavailable());
    }

    // the final model: schema and learner on every row, calibrator on all out-of-fold predictions
    Pooled pooled = pool(y, bestOof, null);
    Calibrator calibrator = Calibrator.fit(options.calibration(), pooled.y(), pooled.p());
    FeatureSchema schema = FeatureSchema.fit(table, spec, bestCandidate.features());
    Model<Label> model =
        bestCandidate.learner().fit(dataset(schema, table, spec), schema, options.seed());
    ChurnModel churnModel =
        new ChurnModel(schema, model, calibrator, bestCandidate.name(), best.threshold());
    return new Result(
        validation,
        y.length,
        positives,
        results,
        best.name(),
        churnModel,
        (System.nanoTime() - started) / 1e9);
  }

  private CandidateResult summarise(
      Candidate candidate,
      double[] y,
      double[][] oof,
      List<Split> splits,
      List<Double> aucs,
      long t0) {
    // cross-fitted calibration: fold k's predictions calibrated by a fit on the other folds
    double[][] calibrated = new double[oof.length][y.length];
    for (double[] row : calibrated) {
      Arrays.fill(row, Double.NaN);
    }
    for (Split split : splits) {
      boolean[] exclude = new boolean[y.length];
      for (int i : split.test()) {
        exclude[i] = true;
      }
      Pooled fitOn = pool(y, new double[][] {oof[split.repeat()]}, exclude);
      Calibrator c = Calibrator.fit(options.calibration(), fitOn.y(), fitOn.p());
      for (int i : split.test()) {
        calibrated[split.repeat()][i] = c.apply(oof[split.repeat()][i]);
      }
    }
    Pooled raw = pool(y, oof, null);
    Pooled cal = pool(y, calibrated, null);
    double threshold = options.threshold().choose(cal.y(), cal.p());
    double rawThreshold = options.threshold().choose(raw.y(), raw.p());
    double mean = aucs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double sd =
        Math.sqrt(
            aucs.stream().mapToDouble(a -> (a - mean) * (a - mean)).sum()
                / Math.max(1, aucs.size() - 1));
    return new CandidateResult(
        candidate.name(),
        candidate.description(),
        "evaluated",
        null,
        mean,
        sd,
        aucs,
        Metrics.evaluate(raw.y(), raw.p(), rawThreshold, options.bins()),
        Metrics.evaluate(cal.y(), cal.p(), threshold, options.bins()),
        threshold,
        (System.nanoTime() - t0) / 1e9);
  }

  private record Pooled(double[] y, double[] p) {}

  /** Concatenates the non-NaN predictions of every repeat with their outcomes. */
  private static Pooled pool(double[] y, double[][] predictions, boolean[] exclude) {
    List<double[]> pairs = new ArrayList<>();
    for (double[] repeat : predictions) {
      for (int i = 0; i < y.length; i++) {
        if (!Double.isNaN(repeat[i]) && (exclude == null || !exclude[i])) {
          pairs.add(new double[] {y[i], repeat[i]});
        }
      }
    }
    return new Pooled(
        pairs.stream().mapToDouble(a -> a[0]).toArray(),
        pairs.stream().mapToDouble(a -> a[1]).toArray());
  }

  /** 1 where the label equals the positive value, else 0. */
  static double[] outcomes(Table table, DatasetSpec spec) {
    int c = table.index(spec.label());
    return table.rows().stream()
        .mapToDouble(r -> spec.positive().equals(r.get(c)) ? 1 : 0)
        .toArray();
  }

  static List<Example<Label>> examples(FeatureSchema schema, Table table, DatasetSpec spec) {
    double[] y = outcomes(table, spec);
    List<Example<Label>> out = new ArrayList<>(table.size());
    for (int r = 0; r < table.size(); r++) {
      FeatureSchema.Encoded e = schema.encode(table.row(r)::get);
      Label label = new Label(y[r] == 1 ? ChurnModel.POSITIVE : ChurnModel.NEGATIVE);
      out.add(new ArrayExample<>(label, e.names(), e.values()));
    }
    return out;
  }

  static MutableDataset<Label> dataset(FeatureSchema schema, Table table, DatasetSpec spec) {
    SimpleDataSourceProvenance provenance =
        new SimpleDataSourceProvenance(
            "retain churn training rows (" + table.size() + ")", OffsetDateTime.now(), LABELS);
    return new MutableDataset<>(
        new ListDataSource<>(examples(schema, table, spec), LABELS, provenance));
  }

  /** Candidates ordered best first (evaluated ones by AUC, skipped last). */
  public static List<CandidateResult> ranked(List<CandidateResult> results) {
    List<CandidateResult> out = new ArrayList<>(results);
    out.sort(
        Comparator.comparingDouble(
            (CandidateResult c) -> Double.isNaN(c.cvRocAuc()) ? 1 : -c.cvRocAuc()));
    return out;
  }
}
