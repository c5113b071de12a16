package dev.retain.scoring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retain.scoring.ScoringServiceApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Security settings that cannot work stop start-up, naming the key. */
class SecuritySettingsTest {

  private static Throwable startupFailure(String... properties) {
    Throwable[] failure = new Throwable[1];
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(ScoringServiceApplication.class)
                    .properties("spring.main.banner-mode=off")
                    .run(arguments(properties))
                    .close())
        .satisfies(t -> failure[0] = t);
    Throwable t = failure[0];
    while (t != null && !(t instanceof InvalidSecuritySettingsException)) {
      t = t.getCause();
    }
    assertThat(t).as("an InvalidSecuritySettingsException").isNotNull();
    return t;
  }

  private static String[] arguments(String... properties) {
    String[] arguments = new String[properties.length + 1];
    arguments[0] = "--server.port=0";
    for (int i = 0; i < properties.length; i++) {
      arguments[i + 1] = "--" + properties[i];
    }
    return arguments;
  }

  @Test
  void apiKeyModeWithoutAKeyStopsStartUpNamingTheKey() {
    Throwable failure = startupFailure();
    assertThat(((InvalidSecuritySettingsException) failure).key())
        .isEqualTo("retain.security.api-keys");
    FailureAnalysis analysis = new SecuritySettingsFailureAnalyzer().analyze(failure);
    assertThat(analysis.getDescription())
        .startsWith("The security settings are invalid: retain.security.api-keys: is required");
  }

  @Test
  void noneNeedsTheExplicitFlag() {
    Throwable failure = startupFailure("retain.security.mode=none");
    assertThat(failure)
        .hasMessageStartingWith("retain.security.mode: none turns authentication off");
  }

  @Test
  void jwtModeNeedsAKeySource() {
    Throwable failure = startupFailure("retain.security.mode=jwt");
    assertThat(((InvalidSecuritySettingsException) failure).key())
        .isEqualTo("retain.security.jwt.issuer-uri");
  }
}
