package dev.retain.connectors.spi;

import static java.util.Objects.requireNonNull;

/**
 * A record a source sent that Retain could not map to the canonical model.
 *
 * @param stream the stream that read it, e.g. {@code zendesk.tickets}
 * @param sourceId the record's id when it could be read, else null
 * @param payload the record as the source sent it (JSON)
 * @param reason what is wrong with it, naming the field
 */
public record RejectedRecord(String stream, String sourceId, String payload, String reason) {
  public RejectedRecord {
    requireNonNull(stream, "stream is null");
    requireNonNull(payload, "payload is null");
    requireNonNull(reason, "reason is null");
  }
}
