package dev.retain.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A record the source deleted. Raw tables keep it, marked deleted, instead of dropping the row. */
public record Tombstone(SourceRef ref, Entity deletedEntity, Instant updatedAt)
    implements CanonicalRecord {

  public Tombstone {
    requireNonNull(ref, "ref is null");
    requireNonNull(deletedEntity, "deletedEntity of " + ref + " is null");
    requireNonNull(updatedAt, "updatedAt of " + ref + " is null");
  }

  @Override
  public Entity entity() {
    return deletedEntity;
  }
}
