package dev.retain.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A support ticket.
 *
 * @param account the organization the ticket belongs to in the same system; null when unknown
 * @param requester the contact who raised it in the same system; null when unknown
 * @param solvedAt when it was solved; null while open
 */
public record Ticket(
    SourceRef ref,
    SourceRef account,
    SourceRef requester,
    String subject,
    Priority priority,
    Status status,
    Instant createdAt,
    Instant solvedAt,
    Satisfaction satisfaction,
    Instant updatedAt)
    implements CanonicalRecord {

  public enum Priority {
    LOW,
    NORMAL,
    HIGH,
    URGENT
  }

  public enum Status {
    NEW,
    OPEN,
    PENDING,
    HOLD,
    SOLVED,
    CLOSED;

    public boolean isOpen() {
      return this != SOLVED && this != CLOSED;
    }
  }

  public enum Satisfaction {
    UNOFFERED,
    OFFERED,
    GOOD,
    BAD
  }

  public Ticket {
    requireNonNull(ref, "ref is null");
    requireNonNull(status, "status of ticket " + ref + " is null");
    requireNonNull(createdAt, "createdAt of ticket " + ref + " is null");
    requireNonNull(updatedAt, "updatedAt of " + ref + " is null");
    priority = priority == null ? Priority.NORMAL : priority;
    satisfaction = satisfaction == null ? Satisfaction.UNOFFERED : satisfaction;
    if (solvedAt != null && solvedAt.isBefore(createdAt)) {
      throw new IllegalArgumentException("ticket " + ref + " was solved before it was created");
    }
  }

  @Override
  public Entity entity() {
    return Entity.TICKET;
  }
}
