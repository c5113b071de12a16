package dev.retain.connectors.servicenow;

import static java.util.Objects.requireNonNull;

import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.SourceConnector;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.support.CheckMessages;
import java.util.ArrayList;
import java.util.List;

/**
 * ServiceNow through the Table API: {@code servicenow.tickets} (incident or a configured case
 * table, incremental on {@code sys_updated_on}) and, when configured, {@code servicenow.deletes}
 * (tombstones from {@code sys_audit_delete}). See {@link ServiceNowTable} for the state keys.
 */
public final class ServiceNowConnector implements SourceConnector {
  public static final String SYSTEM = "servicenow";

  /** State key: ISO-8601 instant of the last record read. */
  public static final String STATE_UPDATED_SINCE = ServiceNowTable.UPDATED_SINCE;

  /** State key: how many records at exactly {@code updatedSince} were read already. */
  public static final String STATE_OFFSET = ServiceNowTable.OFFSET;

  private final ServiceNowSettings settings;
  private final ServiceNowTable tickets;
  private final ServiceNowTable deletes;

  public ServiceNowConnector(ServiceNowSettings settings) {
    this(settings, new HttpTransport(SYSTEM, settings.http()));
  }

  public ServiceNowConnector(ServiceNowSettings settings, HttpTransport transport) {
    this.settings = requireNonNull(settings, "settings is null");
    this.tickets = ServiceNowTable.tickets(settings, transport);
    this.deletes = settings.readDeletes() ? ServiceNowTable.deletes(settings, transport) : null;
  }

  @Override
  public String system() {
    return SYSTEM;
  }

  @Override
  public List<SourceStream> streams() {
    List<SourceStream> streams = new ArrayList<>(List.of(tickets));
    if (deletes != null) {
      streams.add(deletes);
    }
    return List.copyOf(streams);
  }

  public SourceStream tickets() {
    return tickets;
  }

  /** The deletes stream; only when {@code readDeletes} is set. */
  public SourceStream deletes() {
    if (deletes == null) {
      throw new IllegalStateException("servicenow.readDeletes is off");
    }
    return deletes;
  }

  @Override
  public CheckResult check() {
    List<String> read = new ArrayList<>();
    for (ServiceNowTable stream : deletes == null ? List.of(tickets) : List.of(tickets, deletes)) {
      try {
        read.add(stream.table() + " (" + stream.probe() + " record(s) read)");
      } catch (ConnectorException e) {
        return CheckMessages.failed(
            SYSTEM,
            "ServiceNow",
            settings.baseUrl(),
            settings.username() != null
                ? "the user name and password of " + settings.username()
                : "the OAuth bearer token",
            "the user needs read access (ACL, e.g. a role such as itil or snc_read_only) to table "
                + stream.table()
                + (stream.table().equals("sys_audit_delete")
                    ? " — usually only admins can read it; turn readDeletes off otherwise"
                    : ""),
            e);
      }
    }
    return CheckResult.ok(
        SYSTEM, "authenticated at " + settings.baseUrl() + "; read " + String.join(", ", read));
  }
}
