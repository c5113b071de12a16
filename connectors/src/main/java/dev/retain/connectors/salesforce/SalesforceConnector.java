package dev.retain.connectors.salesforce;

import static java.util.Objects.requireNonNull;

import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.SourceConnector;
import dev.retain.connectors.spi.SourceStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Salesforce through the REST query API: streams {@code salesforce.accounts}, {@code
 * salesforce.contacts} and {@code salesforce.subscriptions} (a custom object), each incremental on
 * SystemModstamp with deletes as tombstones. See {@link SalesforceStream} for the state keys.
 */
public final class SalesforceConnector implements SourceConnector {
  public static final String SYSTEM = SalesforceObject.SYSTEM;

  /** State key: ISO-8601 SystemModstamp of the last landed record. */
  public static final String STATE_SYSTEM_MODSTAMP = SalesforceStream.SYSTEM_MODSTAMP;

  /** State key: Id of the last landed record (ties on SystemModstamp). */
  public static final String STATE_LAST_ID = SalesforceStream.LAST_ID;

  /** State key: the query locator path while a query has more pages. */
  public static final String STATE_NEXT_RECORDS_URL = SalesforceStream.NEXT_RECORDS_URL;

  private final SalesforceSettings settings;
  private final List<SalesforceStream> streams;

  public SalesforceConnector(SalesforceSettings settings) {
    this(settings, new HttpTransport(SYSTEM, settings.http()));
  }

  /** With a transport of the caller's, for example one whose sleeper does not sleep. */
  public SalesforceConnector(SalesforceSettings settings, HttpTransport transport) {
    this.settings = requireNonNull(settings, "settings is null");
    SalesforceSession session = new SalesforceSession(settings, transport);
    this.streams =
        SalesforceObject.all(settings.fields()).stream()
            .map(o -> new SalesforceStream(o, settings, session))
            .toList();
  }

  @Override
  public String system() {
    return SYSTEM;
  }

  @Override
  public List<SourceStream> streams() {
    return List.copyOf(streams);
  }

  public SourceStream stream(String name) {
    return streams.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no Salesforce stream named " + name));
  }

  @Override
  public CheckResult check() {
    List<String> read = new ArrayList<>();
    for (SalesforceStream stream : streams) {
      String sobject = stream.object().sobject();
      try {
        SalesforceStream.Result result = stream.probe(1);
        read.add(sobject + " (" + result.entries().size() + " record(s) read)");
      } catch (ConnectorException e) {
        return CheckResult.failed(SYSTEM, explain(e, stream));
      }
    }
    return CheckResult.ok(
        SYSTEM,
        "authenticated at "
            + settings.loginUrl()
            + " as connected app "
            + settings.clientId()
            + (settings.usesJwt()
                ? " (JWT bearer flow, as " + settings.jwt().username() + ")"
                : " (client-credentials flow)")
            + "; queried "
            + String.join(", ", read));
  }

  private String explain(ConnectorException e, SalesforceStream stream) {
    String sobject = stream.object().sobject();
    String detail = e.getMessage();
    return switch (e.code()) {
      case AUTHENTICATION_FAILED -> "credentials rejected: " + detail;
      case PERMISSION_DENIED ->
          "authenticated, but the integration user is missing a permission to read "
              + sobject
              + ": "
              + detail;
      case UNREACHABLE ->
          "host not reachable (DNS, firewall, proxy or TLS; check loginUrl "
              + settings.loginUrl()
              + "): "
              + detail;
      case REQUEST_REJECTED ->
          "authenticated, but Salesforce rejected the query on "
              + sobject
              + "; usually the object or one of the fields "
              + stream.object().selectList(settings.includeDeleted())
              + " is not visible to the integration user (missing permission) or the field"
              + " mapping names a field this org does not have (INVALID_TYPE, INVALID_FIELD): "
              + detail;
      case RATE_LIMITED -> "rate limited by Salesforce; try again later: " + detail;
      case UNAVAILABLE -> "Salesforce is unavailable: " + detail;
      case MALFORMED_RESPONSE ->
          "the server at "
              + settings.loginUrl()
              + " does not answer like Salesforce (wrong URL?): "
              + detail;
    };
  }
}
