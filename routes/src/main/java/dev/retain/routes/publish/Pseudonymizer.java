package dev.retain.routes.publish;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed HMAC-SHA256 of personal or identifying values, so that {@code mart.*} can be joined on them
 * without holding them in clear. The key comes from secret configuration.
 */
public final class Pseudonymizer {
  private final SecretKeySpec key;

  public Pseudonymizer(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("the HMAC key must be at least 16 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  /** Hex HMAC of the value; null stays null. */
  public String hmac(String value) {
    if (value == null) {
      return null;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return java.util.HexFormat.of()
          .formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
