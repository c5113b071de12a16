package dev.retain.connectors.http;

import java.time.Duration;

/**
 * How a connector retries.
 *
 * @param maxAttempts attempts per request, the first included
 * @param initialBackoff backoff before the second attempt after a 5xx or I/O error; doubles each
 *     time, with full jitter
 * @param maxBackoff the most one backoff may last
 * @param maxRetryAfter the longest Retry-After (429 or 503) that is honoured; a longer one fails
 *     the page at once, so a route never hangs and the next run retries the page
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("backoffs must not be negative");
    }
  }
}
