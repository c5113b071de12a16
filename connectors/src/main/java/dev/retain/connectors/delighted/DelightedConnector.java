package dev.retain.connectors.delighted;

import static java.util.Objects.requireNonNull;

import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.SourceConnector;
import dev.retain.connectors.spi.SourceStream;
import java.util.List;

/**
 * Delighted NPS responses: one stream, {@code delighted.survey_responses}, incremental on the
 * responses' updated time. See {@link DelightedSurveyResponses} for the state keys.
 */
public final class DelightedConnector implements SourceConnector {
  public static final String SYSTEM = "delighted";

  /** State key: unix seconds; the next request asks for responses updated on or after it. */
  public static final String STATE_UPDATED_SINCE = DelightedSurveyResponses.UPDATED_SINCE;

  /** State key: the page to ask for next among responses updated since {@code updatedSince}. */
  public static final String STATE_PAGE = DelightedSurveyResponses.PAGE;

  private final DelightedSettings settings;
  private final DelightedSurveyResponses responses;

  public DelightedConnector(DelightedSettings settings) {
    this(settings, new HttpTransport(SYSTEM, settings.http()));
  }

  public DelightedConnector(DelightedSettings settings, HttpTransport transport) {
    this.settings = requireNonNull(settings, "settings is null");
    this.responses = new DelightedSurveyResponses(settings, transport);
  }

  @Override
  public String system() {
    return SYSTEM;
  }

  @Override
  public List<SourceStream> streams() {
    return List.of(responses);
  }

  public SourceStream surveyResponses() {
    return responses;
  }

  @Override
  public CheckResult check() {
    try {
      int n = responses.probe();
      return CheckResult.ok(
          SYSTEM, "authenticated at " + settings.baseUrl() + "; read " + n + " survey response(s)");
    } catch (ConnectorException e) {
      String detail = e.getMessage();
      String message =
          switch (e.code()) {
            case AUTHENTICATION_FAILED ->
                "credentials rejected: Delighted did not accept the API key: " + detail;
            case PERMISSION_DENIED ->
                "authenticated, but the API key is missing a permission: " + detail;
            case UNREACHABLE ->
                "host not reachable (DNS, firewall, proxy or TLS; check baseUrl "
                    + settings.baseUrl()
                    + "): "
                    + detail;
            case RATE_LIMITED -> "rate limited by Delighted; try again later: " + detail;
            case UNAVAILABLE -> "Delighted is unavailable: " + detail;
            case MALFORMED_RESPONSE ->
                "the server at "
                    + settings.baseUrl()
                    + " does not answer like Delighted (wrong URL?): "
                    + detail;
            case REQUEST_REJECTED -> "Delighted rejected the request: " + detail;
          };
      return CheckResult.failed(SYSTEM, message);
    }
  }
}
