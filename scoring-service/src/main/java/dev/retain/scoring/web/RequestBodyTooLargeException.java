package dev.retain.scoring.web;

import java.io.IOException;

/** Thrown while reading a request body that goes past {@code retain.scoring.max-request-size}. */
final class RequestBodyTooLargeException extends IOException {

  private final long limit;

  RequestBodyTooLargeException(long limit) {
    super("request body larger than " + limit + " bytes");
    this.limit = limit;
  }

  long limit() {
    return limit;
  }
}
