package dev.retain.scoring.web;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A rejected request, answered as an RFC 7807 problem whose {@code errors} array names each field
 * at fault.
 */
public final class RequestProblem extends ErrorResponseException {

  /** At most this many entries in {@code errors}; the detail gives the full count. */
  public static final int MAX_ERRORS = 100;

  /** One entry of a problem's {@code errors} array. */
  public record FieldProblem(String field, String message) {
    public FieldProblem {
      requireNonNull(field, "field");
      requireNonNull(message, "message");
    }
  }

  private RequestProblem(HttpStatus status, String detail, List<FieldProblem> errors) {
    super(status, problem(status, detail, errors), null);
  }

  /** 400: the request is well-formed but not acceptable. */
  public static RequestProblem invalid(String detail, List<FieldProblem> errors) {
    return new RequestProblem(HttpStatus.BAD_REQUEST, detail, errors);
  }

  /** 413: the request is larger than this service takes. */
  public static RequestProblem tooLarge(String detail, List<FieldProblem> errors) {
    return new RequestProblem(HttpStatus.PAYLOAD_TOO_LARGE, detail, errors);
  }

  /** 404: what the request names does not exist. */
  public static RequestProblem notFound(String detail, List<FieldProblem> errors) {
    return new RequestProblem(HttpStatus.NOT_FOUND, detail, errors);
  }

  /** 409: the request conflicts with the service's state. */
  public static RequestProblem conflict(String detail, List<FieldProblem> errors) {
    return new RequestProblem(HttpStatus.CONFLICT, detail, errors);
  }

  /** 501: this build of the service cannot do what was asked. */
  public static RequestProblem notImplemented(String detail) {
    return new RequestProblem(HttpStatus.NOT_IMPLEMENTED, detail, List.of());
  }

  /** 503: the service cannot take this request now; try later. */
  public static RequestProblem unavailable(String detail) {
    return new RequestProblem(HttpStatus.SERVICE_UNAVAILABLE, detail, List.of());
  }

  static ProblemDetail problem(HttpStatus status, String detail, List<FieldProblem> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setProperty(
        "errors", List.copyOf(errors.size() > MAX_ERRORS ? errors.subList(0, MAX_ERRORS) : errors));
    return problem;
  }
}
