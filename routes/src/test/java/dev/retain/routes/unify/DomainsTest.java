package dev.retain.routes.unify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The domains the publish stage pseudonymises come from the identity module's normalisation. */
class DomainsTest {

  @Test
  void websitesBecomeBareDomains() {
    assertThat(Domains.normalise("https://www.Acme.com/about?x=1")).isEqualTo("acme.com");
    assertThat(Domains.normalise("WWW.acme.co.uk.")).isEqualTo("acme.co.uk");
    assertThat(Domains.normalise("acme.de:8443")).isEqualTo("acme.de");
    assertThat(Domains.normalise("shop.acme.co.uk")).isEqualTo("acme.co.uk");
    assertThat(Domains.normalise("localhost")).isNull();
    assertThat(Domains.normalise("  ")).isNull();
    assertThat(Domains.normalise(null)).isNull();
  }
}
