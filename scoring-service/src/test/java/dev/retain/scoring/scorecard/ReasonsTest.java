package dev.retain.scoring.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReasonsTest {

  private static final double NONE = Double.NaN;

  private static Measure measure(ReasonKind kind, String label, String period) {
    return new Measure("m", "f", "g", 1, 0, 1, "unit", kind, label, period, null, "off words");
  }

  private static String say(
      ReasonKind kind, String label, String period, double value, double ctx) {
    return Reasons.describe(measure(kind, label, period), value, ctx);
  }

  @Test
  void relativeChangesReadAsPercentages() {
    assertThat(say(ReasonKind.CHANGE, "logins", "30 days", -0.62, NONE))
        .isEqualTo("logins down 62% over the last 30 days");
    assertThat(say(ReasonKind.CHANGE, "logins", "30 days", 1.5, NONE))
        .isEqualTo("logins up 150% over the last 30 days");
    assertThat(say(ReasonKind.CHANGE, "logins", "30 days", 0.004, NONE))
        .isEqualTo("logins flat over the last 30 days");
    assertThat(say(ReasonKind.CHANGE, "logins", null, -0.1, NONE)).isEqualTo("logins down 10%");
  }

  @Test
  void sharesAndRates() {
    assertThat(say(ReasonKind.SHARE, "seat utilisation", "30 days", 0.454, NONE))
        .isEqualTo("seat utilisation 45% over the last 30 days");
    assertThat(say(ReasonKind.RATE, "core events per seat", "30 days", 4.24, NONE))
        .isEqualTo("4.2 core events per seat over the last 30 days");
    assertThat(say(ReasonKind.RATE, "core events per seat", null, 12.0, NONE))
        .isEqualTo("12 core events per seat");
  }

  @Test
  void countsAreSingularOrPluralOrNone() {
    assertThat(say(ReasonKind.COUNT, "support ticket", "30 days", 3, NONE))
        .isEqualTo("3 support tickets in the last 30 days");
    assertThat(say(ReasonKind.COUNT, "support ticket", "30 days", 1, NONE))
        .isEqualTo("1 support ticket in the last 30 days");
    assertThat(say(ReasonKind.COUNT, "support ticket", "30 days", 0, NONE))
        .isEqualTo("no support tickets in the last 30 days");
  }

  @Test
  void openItemsQuoteTheAgeOfTheOldest() {
    assertThat(say(ReasonKind.OPEN_COUNT, "urgent ticket", null, 2, 9))
        .isEqualTo("2 urgent tickets open, oldest 9 days");
    assertThat(say(ReasonKind.OPEN_COUNT, "urgent ticket", null, 1, 1))
        .isEqualTo("1 urgent ticket open for 1 day");
    assertThat(say(ReasonKind.OPEN_COUNT, "urgent ticket", null, 1, 0.2))
        .isEqualTo("1 urgent ticket open for less than a day");
    assertThat(say(ReasonKind.OPEN_COUNT, "urgent ticket", null, 0, 0))
        .isEqualTo("no urgent tickets open");
    assertThat(say(ReasonKind.OPEN_COUNT, "urgent ticket", null, 4, NONE))
        .isEqualTo("4 urgent tickets open");
    // the age measure reads the same, its context being the count
    assertThat(say(ReasonKind.OPEN_AGE, "urgent ticket", null, 9, 2))
        .isEqualTo("2 urgent tickets open, oldest 9 days");
    assertThat(say(ReasonKind.OPEN_AGE, "urgent ticket", null, 0, 0))
        .isEqualTo("no urgent tickets open");
    assertThat(say(ReasonKind.OPEN_AGE, "urgent ticket", null, 9, NONE))
        .isEqualTo("oldest urgent ticket open 9 days");
  }

  @Test
  void daysAgoAndDaysUntil() {
    assertThat(say(ReasonKind.DAYS_AGO, "last login", null, 12, NONE))
        .isEqualTo("last login 12 days ago");
    assertThat(say(ReasonKind.DAYS_AGO, "last login", null, 1, NONE))
        .isEqualTo("last login yesterday");
    assertThat(say(ReasonKind.DAYS_AGO, "last login", null, 0, NONE)).isEqualTo("last login today");
    assertThat(say(ReasonKind.DAYS_UNTIL, "renewal", null, 21, NONE))
        .isEqualTo("renewal in 21 days");
    assertThat(say(ReasonKind.DAYS_UNTIL, "renewal", null, 1, NONE)).isEqualTo("renewal tomorrow");
    assertThat(say(ReasonKind.DAYS_UNTIL, "renewal", null, 0, NONE)).isEqualTo("renewal today");
    assertThat(say(ReasonKind.DAYS_UNTIL, "renewal", null, -5, NONE))
        .isEqualTo("renewal 5 days ago");
  }

  @Test
  void hours() {
    assertThat(say(ReasonKind.HOURS, "median resolution time", "90 days", 31.2, NONE))
        .isEqualTo("median resolution time 31 hours over the last 90 days");
    assertThat(say(ReasonKind.HOURS, "median resolution time", null, 1, NONE))
        .isEqualTo("median resolution time 1 hour");
    assertThat(say(ReasonKind.HOURS, "median resolution time", null, 0.2, NONE))
        .isEqualTo("median resolution time under an hour");
  }

  @Test
  void npsWithCategoryAndChange() {
    assertThat(say(ReasonKind.NPS, "NPS", null, 4, -5))
        .isEqualTo("NPS 4 (detractor), down 5 points");
    assertThat(say(ReasonKind.NPS, "NPS", null, 8, 1)).isEqualTo("NPS 8 (passive), up 1 point");
    assertThat(say(ReasonKind.NPS, "NPS", null, 9, 0)).isEqualTo("NPS 9 (promoter), unchanged");
    assertThat(say(ReasonKind.NPS, "NPS", null, 10, NONE)).isEqualTo("NPS 10 (promoter)");
    assertThat(say(ReasonKind.POINTS_CHANGE, "NPS", null, -5, NONE))
        .isEqualTo("NPS down 5 points since the previous response");
    assertThat(say(ReasonKind.POINTS_CHANGE, "NPS", null, 2.5, NONE))
        .isEqualTo("NPS up 2.5 points since the previous response");
    assertThat(say(ReasonKind.POINTS_CHANGE, "NPS", null, 0, NONE))
        .isEqualTo("NPS unchanged since the previous response");
  }

  @Test
  void flagsAndPlainValues() {
    assertThat(say(ReasonKind.FLAG, "last payment failed", null, 1, NONE))
        .isEqualTo("last payment failed");
    assertThat(say(ReasonKind.FLAG, "last payment failed", null, 0, NONE)).isEqualTo("off words");
    assertThat(say(ReasonKind.VALUE, "balance", null, -12.34, NONE))
        .isEqualTo("balance -12.3 unit");
  }

  @Test
  void numbersHaveAtMostOneDecimal() {
    assertThat(Reasons.number(new StringBuilder(), 4.0).toString()).isEqualTo("4");
    assertThat(Reasons.number(new StringBuilder(), 4.25).toString()).isEqualTo("4.3");
    assertThat(Reasons.number(new StringBuilder(), -0.5).toString()).isEqualTo("-0.5");
    assertThat(Reasons.number(new StringBuilder(), -0.04).toString()).isEqualTo("0");
  }
}
