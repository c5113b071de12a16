package dev.retain.connectors.spi;

import static java.util.Objects.requireNonNull;

/**
 * A ticket as the ticketing system knows it.
 *
 * @param key the human key (Jira {@code RISK-12}, a Zendesk ticket number)
 * @param url where a person opens it
 * @param open whether it is in an open (not done or resolved) state
 */
public record RemoteTicket(String id, String key, String url, boolean open) {
  public RemoteTicket {
    requireNonNull(id, "id is null");
    requireNonNull(key, "key is null");
  }
}
