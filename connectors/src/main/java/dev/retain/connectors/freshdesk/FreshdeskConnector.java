package dev.retain.connectors.freshdesk;

import static java.util.Objects.requireNonNull;

import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.SourceConnector;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.support.CheckMessages;
import java.util.List;

/**
 * Freshdesk API v2: streams {@code freshdesk.tickets} (incremental on {@code updated_at}), {@code
 * freshdesk.companies} and {@code freshdesk.contacts}. See {@link FreshdeskStream} for the state
 * keys.
 */
public final class FreshdeskConnector implements SourceConnector {
  public static final String SYSTEM = "freshdesk";

  /** State key: ISO-8601 instant; the next query asks for records updated since it. */
  public static final String STATE_UPDATED_SINCE = FreshdeskStream.UPDATED_SINCE;

  /** State key: the next page of the query in flight. */
  public static final String STATE_PAGE = FreshdeskStream.PAGE;

  /** State key: the latest updated_at seen in the query in flight. */
  public static final String STATE_SEEN_UNTIL = FreshdeskStream.SEEN_UNTIL;

  private final FreshdeskSettings settings;
  private final FreshdeskStream tickets;
  private final FreshdeskStream companies;
  private final FreshdeskStream contacts;
  private final FreshdeskClient client;

  public FreshdeskConnector(FreshdeskSettings settings) {
    this(settings, new HttpTransport(SYSTEM, settings.http()));
  }

  public FreshdeskConnector(FreshdeskSettings settings, HttpTransport transport) {
    this.settings = requireNonNull(settings, "settings is null");
    FreshdeskClient client = new FreshdeskClient(settings, transport);
    FreshdeskMapper mapper = new FreshdeskMapper(settings);
    this.tickets = FreshdeskStream.tickets(client, mapper, settings);
    this.companies = FreshdeskStream.companies(client, mapper, settings);
    this.contacts = FreshdeskStream.contacts(client, mapper, settings);
    this.client = client;
  }

  @Override
  public String system() {
    return SYSTEM;
  }

  @Override
  public List<SourceStream> streams() {
    return List.of(companies, contacts, tickets);
  }

  public SourceStream tickets() {
    return tickets;
  }

  public SourceStream companies() {
    return companies;
  }

  public SourceStream contacts() {
    return contacts;
  }

  @Override
  public CheckResult check() {
    try {
      int n = client.probe();
      return CheckResult.ok(
          SYSTEM, "authenticated at " + settings.baseUrl() + "; read " + n + " ticket(s)");
    } catch (ConnectorException e) {
      return CheckMessages.failed(
          SYSTEM,
          "Freshdesk",
          settings.baseUrl(),
          "the API key",
          "the agent needs a role that can view tickets, contacts and companies",
          e);
    }
  }
}
