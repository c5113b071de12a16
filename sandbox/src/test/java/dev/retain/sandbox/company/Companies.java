package dev.retain.sandbox.company;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Companies shared by the tests; generating one takes a moment, so each is made once. */
final class Companies {
  static final LocalDate ANCHOR = LocalDate.of(2025, 6, 1);
  static final Instant ANCHOR_CLOCK = ANCHOR.atStartOfDay(ZoneOffset.UTC).toInstant();

  private static SandboxCompany medium;

  private Companies() {}

  /** 1,500 accounts: enough for rates and signal to be stable. */
  static synchronized SandboxCompany medium() {
    if (medium == null) {
      medium = SandboxCompany.generate(SandboxSpec.of(1_500, 7, ANCHOR));
    }
    return medium;
  }

  static Instant clock(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
