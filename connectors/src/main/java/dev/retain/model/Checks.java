package dev.retain.model;

import java.math.BigDecimal;

/** Argument checks shared by the canonical records; every message names the offending field. */
final class Checks {
  private Checks() {}

  static int nonNegative(int value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, got " + value);
    }
    return value;
  }

  static Integer nonNegative(Integer value, String field) {
    return value == null ? null : nonNegative(value.intValue(), field);
  }

  static BigDecimal nonNegative(BigDecimal value, String field) {
    if (value != null && value.signum() < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, got " + value);
    }
    return value;
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
