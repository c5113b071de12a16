package dev.retain.routes.unify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentifiersTest {

  @Test
  void emailsAreLowerCasedAndLoseTheirPlusTag() {
    assertThat(Identifiers.email(" Jane.Doe+billing@ACME.com ")).isEqualTo("jane.doe@acme.com");
    assertThat(Identifiers.email("ops@www.acme.io")).isEqualTo("ops@acme.io");
    assertThat(Identifiers.email("not-an-address")).isNull();
    assertThat(Identifiers.email("@acme.com")).isNull();
    assertThat(Identifiers.email(null)).isNull();
  }

  @Test
  void websitesBecomeBareDomains() {
    assertThat(Identifiers.domain("https://www.Acme.com/about?x=1")).isEqualTo("acme.com");
    assertThat(Identifiers.domain("WWW.acme.co.uk.")).isEqualTo("acme.co.uk");
    assertThat(Identifiers.domain("acme.de:8443")).isEqualTo("acme.de");
    assertThat(Identifiers.domain("localhost")).isNull();
    assertThat(Identifiers.domain("  ")).isNull();
  }

  @Test
  void freeMailDomainsAreRecognised() {
    assertThat(Identifiers.isFreeMail("gmail.com")).isTrue();
    assertThat(Identifiers.isFreeMail("outlook.com")).isTrue();
    assertThat(Identifiers.isFreeMail("acme.com")).isFalse();
    assertThat(Identifiers.isFreeMail(Identifiers.emailDomain("Someone@GMail.com"))).isTrue();
  }
}
