package dev.retain.connectors.sinks.webhook;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature scheme of the webhook sink, for both ends. The sender puts the unix time in {@value
 * #TIMESTAMP_HEADER} and {@code sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>} in
 * {@value #SIGNATURE_HEADER}. A receiver calls {@link #verify} with the raw body bytes: it checks
 * the signature in constant time and refuses a timestamp outside the tolerance (replays).
 */
public final class WebhookSignature {
  public static final String SIGNATURE_HEADER = "X-Retain-Signature";
  public static final String TIMESTAMP_HEADER = "X-Retain-Timestamp";
  public static final String EVENT_HEADER = "X-Retain-Event";
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private final byte[] secret;

  public WebhookSignature(String secret) {
    this.secret = requireNonNull(secret, "secret is null").getBytes(StandardCharsets.UTF_8);
  }

  /** The value of {@value #SIGNATURE_HEADER} for a body sent at {@code timestamp}. */
  public String sign(long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Why a request was refused, or {@link #OK}. */
  public enum Verdict {
    OK,
    MISSING_HEADER,
    BAD_TIMESTAMP,
    TOO_OLD,
    BAD_SIGNATURE
  }

  /** Receiver side: checks a request's headers against its raw body. */
  public Verdict verify(
      String timestampHeader,
      String signatureHeader,
      byte[] body,
      Clock clock,
      Duration tolerance) {
    if (timestampHeader == null || signatureHeader == null) {
      return Verdict.MISSING_HEADER;
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(timestampHeader.strip());
    } catch (NumberFormatException e) {
      return Verdict.BAD_TIMESTAMP;
    }
    Instant sent = Instant.ofEpochSecond(timestamp);
    if (Duration.between(sent, clock.instant()).abs().compareTo(tolerance) > 0) {
      return Verdict.TOO_OLD;
    }
    byte[] expected = sign(timestamp, body).getBytes(StandardCharsets.UTF_8);
    byte[] given = signatureHeader.strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, given) ? Verdict.OK : Verdict.BAD_SIGNATURE;
  }
}
