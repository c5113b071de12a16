package dev.retain.routes.unify;

import dev.retain.identity.normalise.Normalise;

/** The public face of domain normalisation, for stages that pseudonymise domains. */
public final class Domains {
  private Domains() {}

  /**
   * {@code https://www.Acme.com/x} becomes {@code acme.com} (the registrable domain, through the
   * public suffix list); null when nothing is left.
   */
  public static String normalise(String raw) {
    return Normalise.domain(raw);
  }
}
