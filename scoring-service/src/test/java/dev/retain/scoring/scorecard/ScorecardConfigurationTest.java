package dev.retain.scoring.scorecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ScorecardConfigurationTest {

  private static final String P = "retain.scoring.scorecard.";

  /** Without application.yaml: a small valid scorecard that each test breaks in one place. */
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(ScorecardConfiguration.class)
          .withPropertyValues(
              P + "version=t1",
              P + "red-below=40",
              P + "yellow-below=65",
              P + "measures[0].name=logins",
              P + "measures[0].feature=logins_change_30d",
              P + "measures[0].group=usage",
              P + "measures[0].weight=0.6",
              P + "measures[0].bad=-0.6",
              P + "measures[0].good=0.1",
              P + "measures[0].reason=change",
              P + "measures[1].name=payment",
              P + "measures[1].feature=payment_failed",
              P + "measures[1].group=commercial",
              P + "measures[1].weight=0.4",
              P + "measures[1].bad=1",
              P + "measures[1].good=0",
              P + "measures[1].reason=flag",
              P + "measures[1].label=last payment failed",
              P + "measures[1].off-label=last payment succeeded");

  @TempDir Path dir;

  @Test
  void bindsAValidScorecard() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          Scorecard card = context.getBean(Scorecard.class);
          assertThat(card.version()).isEqualTo("t1");
          assertThat(card.measures())
              .extracting(Measure::name)
              .containsExactly("logins", "payment");
          assertThat(card.measures().get(1).reason()).isEqualTo(ReasonKind.FLAG);
          assertThat(context.getBean(HealthScorer.class).scorecard()).isSameAs(card);
        });
  }

  @Test
  void theDefaultScorecardCoversTheRoutesFeaturesWithTheIntendedGroupWeights() {
    new ApplicationContextRunner()
        .withInitializer(new ConfigDataApplicationContextInitializer())
        .withUserConfiguration(ScorecardConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Scorecard card = context.getBean(Scorecard.class);
              assertThat(card.redBelow()).isEqualTo(62);
              assertThat(card.yellowBelow()).isEqualTo(75);
              assertThat(card.measures())
                  .extracting(Measure::feature)
                  .containsExactlyInAnyOrder(
                      "logins_change_30d",
                      "seat_utilisation",
                      "days_since_last_login",
                      "core_events_per_seat_30d",
                      "tickets_30d",
                      "urgent_open_tickets",
                      "oldest_urgent_open_days",
                      "median_resolution_hours_90d",
                      "csat_bad_share_90d",
                      "nps_last",
                      "nps_change",
                      "payment_failed",
                      "days_to_renewal");
              Map<String, Double> byGroup =
                  card.measures().stream()
                      .collect(
                          Collectors.groupingBy(
                              Measure::group, Collectors.summingDouble(Measure::weight)));
              assertThat(byGroup.get("usage")).isCloseTo(0.40, within(1e-9));
              assertThat(byGroup.get("support")).isCloseTo(0.25, within(1e-9));
              assertThat(byGroup.get("sentiment")).isCloseTo(0.20, within(1e-9));
              assertThat(byGroup.get("commercial")).isCloseTo(0.15, within(1e-9));
            });
  }

  @Test
  void theDefaultScorecardGivesReadableReasons() {
    new ApplicationContextRunner()
        .withInitializer(new ConfigDataApplicationContextInitializer())
        .withUserConfiguration(ScorecardConfiguration.class)
        .run(
            context -> {
              HealthScore score =
                  context
                      .getBean(HealthScorer.class)
                      .score(
                          Map.ofEntries(
                              Map.entry("logins_change_30d", -0.62),
                              Map.entry("seat_utilisation", 0.45),
                              Map.entry("days_since_last_login", 12.0),
                              Map.entry("core_events_per_seat_30d", 4.2),
                              Map.entry("tickets_30d", 3.0),
                              Map.entry("urgent_open_tickets", 2.0),
                              Map.entry("oldest_urgent_open_days", 9.0),
                              Map.entry("median_resolution_hours_90d", 31.0),
                              Map.entry("csat_bad_share_90d", 0.12),
                              Map.entry("nps_last", 4.0),
                              Map.entry("nps_change", -5.0),
                              Map.entry("payment_failed", 1.0),
                              Map.entry("days_to_renewal", 21.0)))
                      .orElseThrow();
              Map<String, String> reasons =
                  score.drivers().stream()
                      .collect(Collectors.toMap(d -> d.measure().feature(), ScoredMeasure::reason));
              assertThat(reasons)
                  .containsEntry("logins_change_30d", "logins down 62% over the last 30 days")
                  .containsEntry("seat_utilisation", "seat utilisation 45% over the last 30 days")
                  .containsEntry("days_since_last_login", "last login 12 days ago")
                  .containsEntry(
                      "core_events_per_seat_30d", "4.2 core events per seat over the last 30 days")
                  .containsEntry("tickets_30d", "3 support tickets in the last 30 days")
                  .containsEntry("urgent_open_tickets", "2 urgent tickets open, oldest 9 days")
                  .containsEntry("oldest_urgent_open_days", "2 urgent tickets open, oldest 9 days")
                  .containsEntry(
                      "median_resolution_hours_90d",
                      "median resolution time 31 hours over the last 90 days")
                  .containsEntry("csat_bad_share_90d", "bad CSAT ratings 12% over the last 90 days")
                  .containsEntry("nps_last", "NPS 4 (detractor), down 5 points")
                  .containsEntry("nps_change", "NPS down 5 points since the previous response")
                  .containsEntry("payment_failed", "last payment failed")
                  .containsEntry("days_to_renewal", "renewal in 21 days");
              assertThat(score.band()).isEqualTo(Band.RED);
            });
  }

  @Test
  void aNegativeWeightStopsStartUpNamingTheKey() {
    runner
        .withPropertyValues(P + "measures[1].weight=-0.4")
        .run(context -> assertFailureNames(context.getStartupFailure(), P + "measures[1].weight"));
  }

  @Test
  void redBelowNotBelowYellowBelowStopsStartUpNamingTheKey() {
    runner
        .withPropertyValues(P + "red-below=70")
        .run(context -> assertFailureNames(context.getStartupFailure(), P + "red-below"));
  }

  @Test
  void duplicateMeasureNamesStopStartUpNamingTheKey() {
    runner
        .withPropertyValues(P + "measures[1].name=logins")
        .run(context -> assertFailureNames(context.getStartupFailure(), P + "measures[1].name"));
  }

  @Test
  void badEqualToGoodStopsStartUpNamingTheKey() {
    runner
        .withPropertyValues(P + "measures[0].good=-0.6")
        .run(context -> assertFailureNames(context.getStartupFailure(), P + "measures[0].good"));
  }

  @Test
  void aFlagWithoutOffLabelStopsStartUpNamingTheKey() {
    runner
        .withPropertyValues(P + "measures[1].off-label=")
        .run(
            context ->
                assertFailureNames(context.getStartupFailure(), P + "measures[1].off-label"));
  }

  @Test
  void aMissingRequiredFieldStopsStartUpNamingIt() {
    runner
        .withPropertyValues(P + "measures[0].feature=")
        .run(context -> assertFailureNames(context.getStartupFailure(), "measures[0].feature"));
  }

  @Test
  void anUnknownKeyStopsStartUpNamingIt() {
    runner
        .withPropertyValues(P + "measures[0].wieght=0.3")
        .run(context -> assertFailureNames(context.getStartupFailure(), P + "measures[0].wieght"));
  }

  @Test
  void anUnknownReasonKindStopsStartUpNamingTheKey() {
    runner
        .withPropertyValues(P + "measures[0].reason=percent")
        .run(context -> assertFailureNames(context.getStartupFailure(), P + "measures[0].reason"));
  }

  @Test
  void aBatchLimitAboveTheContractStopsStartUp() {
    runner
        .withPropertyValues("retain.scoring.max-batch-size=20000")
        .run(
            context -> {
              // Boot's failure analysis prints the origin of the rejected value: the key as written
              BindValidationException validation = null;
              for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                if (t instanceof BindValidationException v) {
                  validation = v;
                }
              }
              assertThat(validation).isNotNull();
              assertThat(validation.getValidationErrors().getAllErrors())
                  .singleElement()
                  .satisfies(
                      error ->
                          assertThat(String.valueOf(Origin.from(error)))
                              .contains("retain.scoring.max-batch-size"));
            });
  }

  @Test
  void aScorecardFileReplacesTheConfiguredScorecard() throws IOException {
    Path file =
        write(
            """
            version: from-file
            red-below: 30
            yellow-below: 60
            measures:
              - name: nps
                feature: nps_last
                group: sentiment
                weight: 1
                bad: 3
                good: 9
                reason: nps
                label: NPS
                context-feature: nps_change
            """);

    runner
        .withPropertyValues("retain.scoring.scorecard-file=" + file)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Scorecard card = context.getBean(Scorecard.class);
              assertThat(card.version()).isEqualTo("from-file");
              assertThat(card.redBelow()).isEqualTo(30);
              assertThat(card.measures())
                  .singleElement()
                  .satisfies(
                      m -> {
                        assertThat(m.contextFeature()).isEqualTo("nps_change");
                        assertThat(m.reason()).isEqualTo(ReasonKind.NPS);
                      });
            });
  }

  @Test
  void aBadScorecardFileStopsStartUpNamingTheFileAndKey() throws IOException {
    Path file =
        write(
            """
            version: bad
            red-below: 30
            yellow-below: 60
            measures:
              - name: nps
                feature: nps_last
                group: sentiment
                weight: -1
                bad: 3
                good: 9
                reason: nps
            """);

    runner
        .withPropertyValues("retain.scoring.scorecard-file=" + file)
        .run(
            context ->
                assertFailureNames(context.getStartupFailure(), file + ": measures[0].weight"));
  }

  @Test
  void anUnknownKeyInTheScorecardFileStopsStartUpNamingIt() throws IOException {
    Path file =
        write(
            """
            version: typo
            red-below: 30
            yellow-below: 60
            measures:
              - name: nps
                feature: nps_last
                group: sentiment
                weight: 1
                bad: 3
                good: 9
                reason: nps
                colour: blue
            """);

    runner
        .withPropertyValues("retain.scoring.scorecard-file=" + file)
        .run(context -> assertFailureNames(context.getStartupFailure(), "measures[0].colour"));
  }

  @Test
  void aMissingScorecardFileStopsStartUpNamingTheKey() {
    runner
        .withPropertyValues("retain.scoring.scorecard-file=" + dir.resolve("absent.yaml"))
        .run(
            context -> {
              assertFailureNames(context.getStartupFailure(), "retain.scoring.scorecard-file");
              FailureAnalysis analysis =
                  new ScorecardFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription()).contains("absent.yaml");
              assertThat(analysis.getAction()).contains("retain.scoring.scorecard-file");
            });
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("scorecard.yaml"), yaml);
  }

  private static void assertFailureNames(Throwable failure, String key) {
    assertThat(failure).isNotNull();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    assertThat(messages.toString()).contains(key);
  }
}
