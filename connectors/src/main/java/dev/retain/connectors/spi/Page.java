package dev.retain.connectors.spi;

import static java.util.Objects.requireNonNull;

import dev.retain.model.CanonicalRecord;
import java.util.List;

/**
 * One page read from a source stream.
 *
 * @param records the records that mapped cleanly, tombstones included
 * @param rejected records the source sent that could not be mapped, each with its reason; they go
 *     to the dead-letter table and the run carries on
 * @param next the state to save once this page has landed
 * @param hasMore whether another page is available right now; false means the stream is caught up
 */
public record Page(
    List<CanonicalRecord> records,
    List<RejectedRecord> rejected,
    StreamState next,
    boolean hasMore) {

  public Page {
    records = List.copyOf(requireNonNull(records, "records is null"));
    rejected = List.copyOf(requireNonNull(rejected, "rejected is null"));
    requireNonNull(next, "next is null");
  }
}
