package dev.retain.routes;

import dev.retain.routes.publish.Pseudonymizer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Application-wide beans: the clock and the keyed pseudonymiser. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RetainConfiguration.Privacy.class)
class RetainConfiguration {

  /**
   * {@code retain.privacy.hmac-key}: the secret key of the HMAC that replaces identifiers in the
   * mart (at least 16 characters). Give it from the environment or a secret file, never in a
   * committed file.
   */
  @ConfigurationProperties("retain.privacy")
  record Privacy(String hmacKey) {
    Privacy {
      if (hmacKey == null || hmacKey.isBlank()) {
        throw new IllegalArgumentException(
            "retain.privacy.hmac-key is required (a secret of at least 16 characters)");
      }
      if (hmacKey.length() < 16) {
        throw new IllegalArgumentException(
            "retain.privacy.hmac-key must be at least 16 characters, got " + hmacKey.length());
      }
    }

    @Override
    public String toString() {
      return "Privacy[hmacKey=****]";
    }
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  Pseudonymizer pseudonymizer(Privacy privacy) {
    return new Pseudonymizer(privacy.hmacKey().getBytes(StandardCharsets.UTF_8));
  }
}
