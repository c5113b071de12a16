package dev.retain.sandbox.company;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SandboxSpecTest {
  private static final LocalDate ANCHOR = LocalDate.of(2025, 6, 1);

  @Test
  void defaultsToThirteenMonthsOfHistoryAndSixtyFutureDays() {
    SandboxSpec spec = SandboxSpec.of(2_000, 42, ANCHOR);

    assertThat(spec.historyMonths()).isEqualTo(13);
    assertThat(spec.futureDays()).isEqualTo(60);
    assertThat(spec.historyStart()).isEqualTo(LocalDate.of(2024, 5, 1));
    assertThat(spec.historyEnd()).isEqualTo(LocalDate.of(2025, 7, 31));
  }

  @Test
  void accountsMustBeInTheCliRange() {
    assertThat(new SandboxSpec(100, 1, ANCHOR, 13, 60).accounts()).isEqualTo(100);
    assertThat(new SandboxSpec(100_000, 1, ANCHOR, 13, 60).accounts()).isEqualTo(100_000);
    assertThatThrownBy(() -> new SandboxSpec(99, 1, ANCHOR, 13, 60))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accounts must be 100..100000, got 99");
    assertThatThrownBy(() -> SandboxSpec.of(100_001, 1, ANCHOR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accounts");
  }

  @Test
  void lenientFactoryAllowsTinyCompaniesForTests() {
    assertThat(SandboxSpec.lenient(20, 1, ANCHOR).accounts()).isEqualTo(20);
    assertThatThrownBy(() -> SandboxSpec.lenient(2, 1, ANCHOR))
        .isInstanceOf(IllegalArgumentException.class);
    // leniency does not leak into later constructions
    assertThatThrownBy(() -> SandboxSpec.of(20, 1, ANCHOR))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsShortHistoryNegativeFutureAndMissingAnchor() {
    assertThatThrownBy(() -> new SandboxSpec(100, 1, ANCHOR, 11, 60))
        .hasMessageContaining("historyMonths");
    assertThatThrownBy(() -> new SandboxSpec(100, 1, ANCHOR, 13, -1))
        .hasMessageContaining("futureDays");
    assertThatThrownBy(() -> new SandboxSpec(100, 1, null, 13, 60))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("anchorDate");
  }
}
