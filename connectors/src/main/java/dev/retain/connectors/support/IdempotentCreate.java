package dev.retain.connectors.support;

import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.http.RetryPolicy;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.RemoteTicket;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating a ticket without ever creating it twice. The create is sent once per attempt (through a
 * transport that does not retry it); when it fails in a way that leaves the outcome unknown — a
 * timeout, a 5xx, a 429 — the sink looks the dedupe key up, waits one backoff (search indexes lag a
 * create) and looks again, and only sends the create again when the ticket is not there.
 */
public final class IdempotentCreate {
  private static final Logger log = LoggerFactory.getLogger(IdempotentCreate.class);

  private IdempotentCreate() {}

  /**
   * @param system the sink's system, for messages
   * @param what the create request, for messages
   * @param create sends the create once and returns the ticket it made
   * @param find looks the ticket up by its dedupe key
   */
  public static RemoteTicket create(
      String system,
      String what,
      RetryPolicy retry,
      HttpTransport.Sleeper sleeper,
      Supplier<RemoteTicket> create,
      Supplier<Optional<RemoteTicket>> find) {
    for (int attempt = 1; ; attempt++) {
      try {
        return create.get();
      } catch (ConnectorException e) {
        if (!outcomeUnknown(e) || attempt >= retry.maxAttempts()) {
          throw e;
        }
        log.warn("{}: {} failed ({}); looking the dedupe key up first", system, what, e.code());
        Optional<RemoteTicket> landed = find.get();
        if (landed.isEmpty()) {
          pause(system, sleeper, backoff(retry, attempt));
          landed = find.get();
        }
        if (landed.isPresent()) {
          log.info(
              "{}: the create had landed as {}; not sending it again", system, landed.get().key());
          return landed.get();
        }
      }
    }
  }

  /** Whether a failed create may still have created the ticket (or may succeed when repeated). */
  static boolean outcomeUnknown(ConnectorException e) {
    return e.code() == ConnectorErrorCode.UNAVAILABLE
        || e.code() == ConnectorErrorCode.RATE_LIMITED;
  }

  static Duration backoff(RetryPolicy retry, int attempt) {
    long millis = retry.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(millis, retry.maxBackoff().toMillis()));
  }

  private static void pause(String system, HttpTransport.Sleeper sleeper, Duration duration) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(ConnectorErrorCode.UNAVAILABLE, system + ": interrupted", e);
    }
  }
}
