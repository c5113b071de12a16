package dev.retain.connectors.hubspot;

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
 * HubSpot CRM v3: {@code hubspot.companies}, {@code hubspot.contacts} and {@code hubspot.deals}
 * through the search endpoint (see {@link HubSpotSearchStream}), and {@code
 * hubspot.archived_companies}, {@code .archived_contacts}, {@code .archived_deals} as tombstones
 * (see {@link HubSpotArchivedStream}).
 */
public final class HubSpotConnector implements SourceConnector {
  public static final String SYSTEM = "hubspot";

  /** State key (search streams): ISO-8601 modification time the next search starts at. */
  public static final String STATE_LAST_MODIFIED = HubSpotSearchStream.LAST_MODIFIED;

  /** State key (all streams): HubSpot's paging cursor while a search or pass is in flight. */
  public static final String STATE_AFTER = HubSpotSearchStream.AFTER;

  /** State key (archived streams): ISO-8601 archive time the next pass returns records from. */
  public static final String STATE_ARCHIVED_SINCE = HubSpotArchivedStream.ARCHIVED_SINCE;

  private final HubSpotSettings settings;
  private final List<HubSpotSearchStream> search = new ArrayList<>();
  private final List<HubSpotArchivedStream> archived = new ArrayList<>();

  public HubSpotConnector(HubSpotSettings settings) {
    this(settings, new HttpTransport(SYSTEM, settings.http()));
  }

  public HubSpotConnector(HubSpotSettings settings, HttpTransport transport) {
    this.settings = requireNonNull(settings, "settings is null");
    HubSpotClient client = new HubSpotClient(settings, transport);
    HubSpotMapper mapper = new HubSpotMapper(settings);
    for (HubSpotObject object : HubSpotObject.values()) {
      search.add(new HubSpotSearchStream(object, settings, client, mapper));
      archived.add(new HubSpotArchivedStream(object, settings, client, mapper));
    }
  }

  @Override
  public String system() {
    return SYSTEM;
  }

  @Override
  public List<SourceStream> streams() {
    List<SourceStream> all = new ArrayList<>(search);
    all.addAll(archived);
    return List.copyOf(all);
  }

  public SourceStream stream(String name) {
    return streams().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no HubSpot stream named " + name));
  }

  @Override
  public CheckResult check() {
    List<String> read = new ArrayList<>();
    for (HubSpotSearchStream stream : search) {
      try {
        read.add(stream.object().type() + " (" + stream.probe() + " record(s) read)");
      } catch (ConnectorException e) {
        return CheckMessages.failed(
            SYSTEM,
            "HubSpot",
            settings.baseUrl(),
            "the private app's access token",
            "the private app needs the scope crm.objects." + stream.object().type() + ".read",
            e);
      }
    }
    return CheckResult.ok(
        SYSTEM, "authenticated with the private app token; searched " + String.join(", ", read));
  }
}
