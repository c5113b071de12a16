package dev.retain.connectors.spi;

/** Why a connector call failed; decides whether the caller retries and what an operator is told. */
public enum ConnectorErrorCode {
  /** Credentials rejected (HTTP 401). */
  AUTHENTICATION_FAILED(false),
  /** Authenticated, but a scope or permission is missing (HTTP 403). */
  PERMISSION_DENIED(false),
  /** The server asked us to slow down for longer than the configured cap. */
  RATE_LIMITED(true),
  /** 5xx or I/O failure after every retry. */
  UNAVAILABLE(true),
  /** The host could not be reached at all (DNS, connection refused, TLS). */
  UNREACHABLE(true),
  /** The server answered with a body that does not have the documented shape. */
  MALFORMED_RESPONSE(false),
  /** The server rejected our request (4xx other than the above). */
  REQUEST_REJECTED(false);

  private final boolean transientFailure;

  ConnectorErrorCode(boolean transientFailure) {
    this.transientFailure = transientFailure;
  }

  /** Whether the next run may succeed without anyone changing anything. */
  public boolean isTransient() {
    return transientFailure;
  }
}
