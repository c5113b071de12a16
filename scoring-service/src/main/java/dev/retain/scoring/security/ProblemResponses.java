package dev.retain.scoring.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** Answers 401 and 403 as RFC 7807 problems, before the request reaches Spring MVC. */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final ObjectMapper objectMapper;
  private final String challenge;
  private final String credentials;

  /**
   * @param challenge the {@code WWW-Authenticate} scheme, {@code ApiKey} or {@code Bearer}
   * @param credentials what the caller must send, in words
   */
  ProblemResponses(ObjectMapper objectMapper, String challenge, String credentials) {
    this.objectMapper = objectMapper;
    this.challenge = challenge;
    this.credentials = credentials;
  }

  @Override
  public void commence(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticationException authException)
      throws IOException {
    String detail =
        authException instanceof InvalidBearerTokenException
                || authException instanceof InvalidApiKeyException
            ? authException.getMessage()
            : "This endpoint requires " + credentials;
    String header = challenge;
    if (challenge.equals("Bearer") && authException instanceof InvalidBearerTokenException) {
      header = "Bearer error=\"invalid_token\"";
    } else if (challenge.equals("ApiKey")) {
      header = "ApiKey header=\"" + ApiKeyAuthenticationFilter.HEADER + "\"";
    }
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, header);
    write(request, response, HttpStatus.UNAUTHORIZED, detail);
  }

  @Override
  public void handle(
      HttpServletRequest request,
      HttpServletResponse response,
      AccessDeniedException accessDeniedException)
      throws IOException {
    write(
        request,
        response,
        HttpStatus.FORBIDDEN,
        "The credentials are valid but do not allow " + request.getMethod() + " " + path(request));
  }

  private void write(
      HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setInstance(URI.create(path(request)));
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    objectMapper.writeValue(response.getOutputStream(), problem);
  }

  private static String path(HttpServletRequest request) {
    return request.getRequestURI();
  }
}
