package dev.retain.routes.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {

  @Test
  void matchesTheRfc4231TestVector() {
    // RFC 4231, test case 1: key = 20 bytes of 0x0b, data = "Hi There"
    byte[] key = new byte[20];
    java.util.Arrays.fill(key, (byte) 0x0b);
    assertThat(new Pseudonymizer(key).hmac("Hi There"))
        .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  }

  @Test
  void equalValuesGetEqualPseudonymsAndNullStaysNull() {
    Pseudonymizer p = new Pseudonymizer("key-of-sixteen-bytes".getBytes(StandardCharsets.UTF_8));
    assertThat(p.hmac("acme.com")).isEqualTo(p.hmac("acme.com")).isNotEqualTo(p.hmac("acme.de"));
    assertThat(p.hmac(null)).isNull();
  }

  @Test
  void anotherKeyGivesAnotherPseudonym() {
    Pseudonymizer a = new Pseudonymizer("first-key-0123456".getBytes(StandardCharsets.UTF_8));
    Pseudonymizer b = new Pseudonymizer("second-key-012345".getBytes(StandardCharsets.UTF_8));
    assertThat(a.hmac("acme.com")).isNotEqualTo(b.hmac("acme.com"));
  }

  @Test
  void aShortKeyIsRefused() {
    assertThatThrownBy(() -> new Pseudonymizer("short".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("at least 16 bytes");
  }
}
