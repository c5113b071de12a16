package dev.retain.connectors.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** Transport settings every HTTP connector shares. */
public record HttpSettings(
    Duration connectTimeout, Duration readTimeout, int maxConcurrentRequests, RetryPolicy retry) {

  public static final HttpSettings DEFAULT =
      new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), 4, RetryPolicy.DEFAULT);

  public HttpSettings {
    requireNonNull(connectTimeout, "connectTimeout is null");
    requireNonNull(readTimeout, "readTimeout is null");
    requireNonNull(retry, "retry is null");
    if (maxConcurrentRequests < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentRequests must be >= 1, got " + maxConcurrentRequests);
    }
  }

  public HttpSettings withRetry(RetryPolicy retry) {
    return new HttpSettings(connectTimeout, readTimeout, maxConcurrentRequests, retry);
  }
}
