package dev.retain.connectors.zendesk;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.SourceConnector;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import java.time.Clock;
import java.util.List;

/**
 * Reads Zendesk Support through its incremental exports: organizations ({@code
 * zendesk.organizations}, accounts), end users ({@code zendesk.users}, contacts) and tickets
 * ({@code zendesk.tickets}). See {@link ZendeskStream} for the state each stream saves.
 */
public final class ZendeskConnector implements SourceConnector {
  public static final String SYSTEM = ZendeskMapper.SYSTEM;

  private final ZendeskSettings settings;
  private final ZendeskClient client;
  private final ZendeskStream.Organizations organizations;
  private final ZendeskStream.Users users;
  private final ZendeskStream.Tickets tickets;

  public ZendeskConnector(ZendeskSettings settings) {
    this(settings, new HttpTransport(SYSTEM, settings.http()), Clock.systemUTC());
  }

  /**
   * @param transport the HTTP client (tests pass one with a recording {@link
   *     HttpTransport.Sleeper})
   * @param clock decides whether a saved start time is old enough for Zendesk to accept
   */
  public ZendeskConnector(ZendeskSettings settings, HttpTransport transport, Clock clock) {
    this.settings = requireNonNull(settings, "settings is null");
    requireNonNull(transport, "transport is null");
    requireNonNull(clock, "clock is null");
    this.client = new ZendeskClient(settings, transport);
    ZendeskMapper mapper = new ZendeskMapper(settings.accountIdField());
    this.organizations = new ZendeskStream.Organizations(client, mapper, settings, clock);
    this.users = new ZendeskStream.Users(client, mapper, settings, clock);
    this.tickets = new ZendeskStream.Tickets(client, mapper, settings, clock);
  }

  @Override
  public String system() {
    return SYSTEM;
  }

  @Override
  public List<SourceStream> streams() {
    return List.of(organizations, users, tickets);
  }

  /** {@code zendesk.organizations}. */
  public SourceStream organizations() {
    return organizations;
  }

  /** {@code zendesk.users}. */
  public SourceStream users() {
    return users;
  }

  /** {@code zendesk.tickets}. */
  public SourceStream tickets() {
    return tickets;
  }

  /**
   * Authenticates with {@code GET /api/v2/users/me.json}, then reads the first page of the
   * organization export (which needs an admin), and says in plain words what is wrong.
   */
  @Override
  public CheckResult check() {
    String who;
    try {
      JsonNode me =
          client.getTree("/api/v2/users/me.json", "GET /api/v2/users/me.json").path("user");
      if (me.path("id").isNull() || me.path("id").isMissingNode()) {
        return CheckResult.failed(
            SYSTEM,
            "credentials rejected: "
                + settings.baseUrl()
                + " answered as an anonymous user; check zendesk.email and zendesk.apiToken"
                + " (or the OAuth token)");
      }
      who =
          me.path("email").asText("user " + me.path("id").asText())
              + " ("
              + me.path("role").asText("?")
              + ")";
    } catch (ConnectorException e) {
      return CheckResult.failed(SYSTEM, explain(e));
    }
    try {
      Page page = organizations.read(StreamState.INITIAL);
      return CheckResult.ok(
          SYSTEM,
          "connected to "
              + settings.baseUrl()
              + " as "
              + who
              + "; the organization export answered with "
              + (page.records().size() + page.rejected().size())
              + " organization(s) on its first page");
    } catch (ConnectorException e) {
      return CheckResult.failed(SYSTEM, "signed in as " + who + ", but " + explain(e));
    }
  }

  private String explain(ConnectorException e) {
    String detail = e.getMessage();
    return switch (e.code()) {
      case AUTHENTICATION_FAILED ->
          "credentials rejected by "
              + settings.baseUrl()
              + ": check zendesk.email and zendesk.apiToken (or the OAuth token)";
      case PERMISSION_DENIED ->
          "missing permission: the incremental export API is for admins (or an OAuth token with the"
              + " read scope); "
              + detail;
      case UNREACHABLE ->
          detail.contains("TLS")
              ? "TLS handshake with " + settings.baseUrl() + " failed: " + detail
              : "host unreachable: " + settings.baseUrl() + " (" + detail + ")";
      case RATE_LIMITED -> "Zendesk is rate limiting this account; try again later: " + detail;
      case UNAVAILABLE -> "Zendesk is not answering properly: " + detail;
      case MALFORMED_RESPONSE ->
          settings.baseUrl() + " does not answer like the Zendesk API: " + detail;
      case REQUEST_REJECTED ->
          "the request was rejected; check zendesk.baseUrl (the subdomain): " + detail;
    };
  }
}
