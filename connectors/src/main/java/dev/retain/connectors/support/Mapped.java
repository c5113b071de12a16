package dev.retain.connectors.support;

import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.model.CanonicalRecord;
import java.time.Instant;

/**
 * One source record after mapping: either a canonical record or a rejected one, with the record's
 * cursor value (its modification time) when that could be read.
 */
public record Mapped(CanonicalRecord record, RejectedRecord rejected, Instant cursor, String id) {
  public Mapped {
    if ((record == null) == (rejected == null)) {
      throw new IllegalArgumentException("exactly one of record and rejected is set");
    }
  }

  public static Mapped of(CanonicalRecord record, Instant cursor, String id) {
    return new Mapped(record, null, cursor, id);
  }

  public static Mapped rejected(RejectedRecord rejected, Instant cursor, String id) {
    return new Mapped(null, rejected, cursor, id);
  }
}
