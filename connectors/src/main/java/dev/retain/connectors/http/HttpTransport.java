package dev.retain.connectors.http;

import static java.util.Objects.requireNonNull;

import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client every connector uses: JDK {@link HttpClient} with timeouts, a limit on concurrent
 * requests, Retry-After for 429 and 503 up to a cap, and exponential backoff with full jitter for
 * other 5xx answers and I/O errors. Non-retryable failures become a {@link ConnectorException}
 * whose code says what is wrong. Response bodies are streams, so a page is parsed as it arrives.
 */
public final class HttpTransport {
  private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);

  /** Waits between attempts; tests pass one that records instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final String system;
  private final HttpSettings settings;
  private final HttpClient client;
  private final Semaphore permits;
  private final Sleeper sleeper;

  public HttpTransport(String system, HttpSettings settings) {
    this(system, settings, d -> Thread.sleep(d.toMillis()));
  }

  public HttpTransport(String system, HttpSettings settings, Sleeper sleeper) {
    this.system = requireNonNull(system, "system is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.sleeper = requireNonNull(sleeper, "sleeper is null");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.permits = new Semaphore(settings.maxConcurrentRequests(), true);
  }

  /**
   * Sends a request and returns the successful (2xx) response with its body as a stream, which the
   * caller must close. {@code what} describes the request for error messages, e.g. "GET tickets
   * page after cursor abc".
   */
  public HttpResponse<InputStream> send(HttpRequest request, String what) {
    RetryPolicy retry = settings.retry();
    HttpRequest timed =
        HttpRequest.newBuilder(request, (n, v) -> true).timeout(settings.readTimeout()).build();
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt >= retry.maxAttempts();
      HttpResponse<InputStream> response;
      try {
        response = sendOnce(timed);
      } catch (IOException e) {
        ConnectorErrorCode code = classify(e);
        if (last || code == ConnectorErrorCode.UNREACHABLE && isPermanent(e)) {
          throw new ConnectorException(
              code,
              system + ": " + what + " failed after " + attempt + " attempt(s): " + describe(e),
              e);
        }
        pause(backoff(attempt), what, "I/O error: " + describe(e));
        continue;
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return response;
      }
      String body = drain(response);
      if (status == 429 || status == 503) {
        Optional<Duration> retryAfter = retryAfter(response);
        Duration wait = retryAfter.orElse(backoff(attempt));
        if (wait.compareTo(retry.maxRetryAfter()) > 0) {
          throw new ConnectorException(
              status == 429 ? ConnectorErrorCode.RATE_LIMITED : ConnectorErrorCode.UNAVAILABLE,
              system
                  + ": "
                  + what
                  + " answered "
                  + status
                  + " with Retry-After "
                  + wait.toSeconds()
                  + " s, longer than the configured cap of "
                  + retry.maxRetryAfter().toSeconds()
                  + " s; the page is left for the next run");
        }
        if (last) {
          throw new ConnectorException(
              status == 429 ? ConnectorErrorCode.RATE_LIMITED : ConnectorErrorCode.UNAVAILABLE,
              system
                  + ": "
                  + what
                  + " still answered "
                  + status
                  + " after "
                  + attempt
                  + " attempts");
        }
        pause(wait, what, "HTTP " + status);
        continue;
      }
      if (status >= 500) {
        if (last) {
          throw new ConnectorException(
              ConnectorErrorCode.UNAVAILABLE,
              system
                  + ": "
                  + what
                  + " answered "
                  + status
                  + " after "
                  + attempt
                  + " attempts: "
                  + abbreviate(body));
        }
        pause(backoff(attempt), what, "HTTP " + status);
        continue;
      }
      throw new ConnectorException(
          codeFor(status),
          system
              + ": "
              + what
              + " answered "
              + status
              + " ("
              + meaning(status)
              + "): "
              + abbreviate(body));
    }
  }

  /** Sends a request and returns its whole body as a string. */
  public String sendForString(HttpRequest request, String what) {
    HttpResponse<InputStream> response = send(request, what);
    try (InputStream in = response.body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConnectorException(
          ConnectorErrorCode.UNAVAILABLE, system + ": " + what + ": reading the body failed", e);
    }
  }

  private HttpResponse<InputStream> sendOnce(HttpRequest request) throws IOException {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for a request slot");
    }
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted during " + request.uri());
    } finally {
      permits.release();
    }
  }

  private void pause(Duration wait, String what, String why) {
    log.warn("{}: {} — {}; retrying in {} ms", system, what, why, wait.toMillis());
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(ConnectorErrorCode.UNAVAILABLE, system + ": interrupted", e);
    }
  }

  private Duration backoff(int attempt) {
    RetryPolicy retry = settings.retry();
    long base = retry.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, retry.maxBackoff().toMillis());
    return Duration.ofMillis(capped == 0 ? 0 : ThreadLocalRandom.current().nextLong(capped + 1));
  }

  /** Retry-After as delta-seconds or an HTTP date (RFC 9110 section 10.2.3). */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().strip();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(
            Duration.between(Instant.now(), at).isNegative()
                ? Duration.ZERO
                : Duration.between(Instant.now(), at));
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  private static ConnectorErrorCode classify(IOException e) {
    if (e instanceof HttpTimeoutException) {
      return ConnectorErrorCode.UNAVAILABLE;
    }
    if (e instanceof ConnectException
        || e instanceof SSLException
        || e.getCause() instanceof java.nio.channels.UnresolvedAddressException) {
      return ConnectorErrorCode.UNREACHABLE;
    }
    return ConnectorErrorCode.UNAVAILABLE;
  }

  private static boolean isPermanent(IOException e) {
    return e instanceof SSLException;
  }

  private static ConnectorErrorCode codeFor(int status) {
    return switch (status) {
      case 401 -> ConnectorErrorCode.AUTHENTICATION_FAILED;
      case 403 -> ConnectorErrorCode.PERMISSION_DENIED;
      default -> ConnectorErrorCode.REQUEST_REJECTED;
    };
  }

  private static String meaning(int status) {
    return switch (status) {
      case 400 -> "the request was rejected as malformed";
      case 401 -> "credentials rejected";
      case 403 -> "a scope or permission is missing";
      case 404 -> "not found: check the base URL and object names";
      default -> "client error";
    };
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    if (e instanceof SSLException) {
      return "TLS handshake failed (" + message + ")";
    }
    if (e instanceof ConnectException) {
      return "host not reachable (" + (message == null ? "connection refused" : message) + ")";
    }
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String drain(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      return new String(in.readNBytes(2048), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "<body unreadable: " + e.getMessage() + ">";
    }
  }

  private static String abbreviate(String body) {
    String flat = body.replaceAll("\\s+", " ").strip();
    return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
  }
}
