package dev.retain.connectors.spi;

import static java.util.Objects.requireNonNull;

/** A failed connector call, with its code and the context (system, request) it happened in. */
public class ConnectorException extends RuntimeException {
  private final ConnectorErrorCode code;

  public ConnectorException(ConnectorErrorCode code, String message) {
    this(code, message, null);
  }

  public ConnectorException(ConnectorErrorCode code, String message, Throwable cause) {
    super(code + ": " + message, cause);
    this.code = requireNonNull(code, "code is null");
  }

  public ConnectorErrorCode code() {
    return code;
  }
}
