package dev.retain.model;

import java.time.Instant;

/**
 * A record in Retain's canonical model. Every source maps what it reads to one of these; each keeps
 * its source system and source id ({@link #ref()}) and the time the source last changed it.
 */
public sealed interface CanonicalRecord
    permits Account, Contact, Subscription, Ticket, SurveyResponse, UsageDaily, Tombstone {

  SourceRef ref();

  /** When the source last modified the record; the incremental cursor of most sources. */
  Instant updatedAt();

  /** The entity kind, which names the raw table the record lands in. */
  Entity entity();
}
