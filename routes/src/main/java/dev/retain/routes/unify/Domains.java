package dev.retain.routes.unify;

/** The public face of domain normalisation, for stages that pseudonymise domains. */
public final class Domains {
  private Domains() {}

  /** {@code https://www.Acme.com/x} becomes {@code acme.com}; null when nothing is left. */
  public static String normalise(String raw) {
    return Identifiers.domain(raw);
  }
}
