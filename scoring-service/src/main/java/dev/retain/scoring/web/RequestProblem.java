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

  static ProblemDetail problem(HttpStatus status, String detail, List<FieldProblem> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setProperty(
        "errors", List.copyOf(errors.size() > MAX_ERRORS ? errors.subList(0, MAX_ERRORS) : errors));
    return problem;
  }
}
