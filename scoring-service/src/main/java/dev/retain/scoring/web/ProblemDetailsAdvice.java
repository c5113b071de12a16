package dev.retain.scoring.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.retain.scoring.web.RequestProblem.FieldProblem;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place that turns failures into RFC 7807 problems ({@code application/problem+json}).
 * Rejections of the request carry an {@code errors} array of {@code {field, message}}, the field
 * written as a path into the request body such as {@code customers[3].features.nps_last}.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof RequestBodyTooLargeException tooLarge) {
        return problem(
            RequestProblem.tooLarge(
                "The request body is larger than " + tooLarge.limit() + " bytes",
                List.of(new FieldProblem("body", "larger than " + tooLarge.limit() + " bytes"))));
      }
    }
    FieldProblem error = describe(ex.getCause());
    return problem(
        RequestProblem.invalid(
            "The request body is not valid JSON for this operation", List.of(error)));
  }

  private static FieldProblem describe(Throwable cause) {
    String field =
        cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
            ? path(mapping.getPath())
            : "body";
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof JsonParseException parse) {
        return new FieldProblem(
            field,
            "malformed JSON at line "
                + parse.getLocation().getLineNr()
                + ", column "
                + parse.getLocation().getColumnNr()
                + ": "
                + firstLine(parse.getOriginalMessage()));
      }
    }
    if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return new FieldProblem(field, "must be " + expected(mismatch.getTargetType()));
    }
    if (cause instanceof JsonProcessingException processing) {
      return new FieldProblem(
          field, "cannot be read: " + firstLine(processing.getOriginalMessage()));
    }
    return new FieldProblem("body", "required, as JSON");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int source = message.indexOf(" (for ");
    int newline = message.indexOf('\n');
    int end = message.length();
    if (source > 0) {
      end = Math.min(end, source);
    }
    if (newline > 0) {
      end = Math.min(end, newline);
    }
    return message.substring(0, end);
  }

  /** {@code customers[2].features.nps_last} from Jackson's reference path. */
  static String path(List<JsonMappingException.Reference> references) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : references) {
      if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String expected(Class<?> type) {
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Temporal.class.isAssignableFrom(type)) {
      return "a date (yyyy-mm-dd)";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (type.isEnum()) {
      return "one of the allowed values";
    }
    return "an object";
  }

  /** A body that claims to be multipart and is not. */
  @ExceptionHandler(MultipartException.class)
  ResponseEntity<Object> handleMultipart(MultipartException ex) {
    return problem(
        RequestProblem.invalid(
            "The request body is not valid multipart/form-data",
            List.of(new FieldProblem("body", firstLine(ex.getMostSpecificCause().getMessage())))));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> handleUnexpected(Exception ex) {
    log.error("Unexpected failure", ex);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR, "The service failed; see its log for details");
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
  }

  private static ResponseEntity<Object> problem(RequestProblem problem) {
    return ResponseEntity.status(problem.getStatusCode()).body(problem.getBody());
  }
}
