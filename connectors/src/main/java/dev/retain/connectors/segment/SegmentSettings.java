package dev.retain.connectors.segment;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * The Segment-spec ingestion endpoint.
 *
 * @param writeKey the key senders put as the Basic-auth user (password empty); never printed
 * @param system the system token the records carry (default {@code segment})
 * @param accountProperty the track property naming the account; when absent, {@code
 *     context.groupId} is used; a track call with neither is counted as unattributed
 * @param loginEvents track event names counted as logins
 * @param coreEvents track event names counted as core feature use
 * @param secondaryEvents counted as secondary use; empty means every other event
 * @param queueCapacity records held for the route before senders get 503 with Retry-After
 * @param pageSize records per page handed to the route
 */
public record SegmentSettings(
    String writeKey,
    String system,
    String accountProperty,
    Set<String> loginEvents,
    Set<String> coreEvents,
    Set<String> secondaryEvents,
    int queueCapacity,
    int pageSize) {

  /** Segment's documented limits: 500 KB per batch request, 32 KB per call. */
  public static final int MAX_BATCH_BYTES = 500 * 1024;

  public static final int MAX_CALL_BYTES = 32 * 1024;

  public SegmentSettings {
    if (writeKey == null || writeKey.isBlank()) {
      throw new IllegalArgumentException("segment.writeKey is blank");
    }
    if (system == null || !system.matches("[a-z][a-z0-9_]{1,31}")) {
      throw new IllegalArgumentException(
          "segment.system must be a lower-case token, got: " + system);
    }
    if (accountProperty == null || accountProperty.isBlank()) {
      throw new IllegalArgumentException("segment.accountProperty is blank");
    }
    loginEvents = Set.copyOf(requireNonNull(loginEvents, "segment.loginEvents is required"));
    coreEvents = Set.copyOf(requireNonNull(coreEvents, "segment.coreEvents is required"));
    secondaryEvents =
        Set.copyOf(requireNonNull(secondaryEvents, "segment.secondaryEvents is required"));
    if (queueCapacity < 1) {
      throw new IllegalArgumentException(
          "segment.queueCapacity must be >= 1, got " + queueCapacity);
    }
    if (pageSize < 1) {
      throw new IllegalArgumentException("segment.pageSize must be >= 1, got " + pageSize);
    }
  }

  public static SegmentSettings of(
      String writeKey, Set<String> loginEvents, Set<String> coreEvents) {
    return new SegmentSettings(
        writeKey, "segment", "groupId", loginEvents, coreEvents, Set.of(), 100_000, 1_000);
  }

  public SegmentSettings withQueueCapacity(int queueCapacity) {
    return new SegmentSettings(
        writeKey,
        system,
        accountProperty,
        loginEvents,
        coreEvents,
        secondaryEvents,
        queueCapacity,
        pageSize);
  }

  String classify(String event) {
    if (loginEvents.contains(event)) {
      return "login";
    }
    if (coreEvents.contains(event)) {
      return "core";
    }
    return secondaryEvents.isEmpty() || secondaryEvents.contains(event) ? "secondary" : null;
  }

  @Override
  public String toString() {
    return "SegmentSettings[writeKey=****, system="
        + system
        + ", accountProperty="
        + accountProperty
        + ", loginEvents="
        + loginEvents
        + ", coreEvents="
        + coreEvents
        + ", secondaryEvents="
        + secondaryEvents
        + ", queueCapacity="
        + queueCapacity
        + ", pageSize="
        + pageSize
        + "]";
  }
}
