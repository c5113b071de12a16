package dev.retain.connectors.spi;

import static java.util.Objects.requireNonNull;

/** The outcome of a connection check, with a message a person can act on. */
public record CheckResult(String system, boolean ok, String message) {
  public CheckResult {
    requireNonNull(system, "system is null");
    requireNonNull(message, "message is null");
  }

  public static CheckResult ok(String system, String message) {
    return new CheckResult(system, true, message);
  }

  public static CheckResult failed(String system, String message) {
    return new CheckResult(system, false, message);
  }
}
