package dev.retain.connectors.segment;

import static java.util.Objects.requireNonNull;

import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.SourceRef;
import dev.retain.model.UsageDaily;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The bounded buffer between the ingestion endpoint and the route, read like any other source
 * stream ({@code segment.events}). Records stay in the buffer until the route has landed them: a
 * page's state carries the sequence number of its last record, and the next read with that state
 * drops everything up to it. A read with an older state hands the same records out again.
 *
 * <p>State keys: {@value #EPOCH} (this buffer's life; a state from before a restart acknowledges
 * nothing) and {@value #SEQ}. Track calls are counted per account and UTC day (de-duplicated on
 * {@code messageId}); each read turns the counters that changed into {@link UsageDaily} records
 * with the day's running totals, so the last one landed is the day's total. Counters for days more
 * than {@value #KEEP_DAYS} days older than the newest are dropped.
 */
public final class SegmentQueue implements SourceStream {
  public static final String STREAM = "segment.events";
  public static final String EPOCH = "epoch";
  public static final String SEQ = "seq";
  static final int KEEP_DAYS = 7;
  private static final int MAX_MESSAGE_IDS = 200_000;

  /** One counted track call. */
  record Track(
      String messageId, String account, LocalDate day, String user, String kind, Instant at) {}

  private record Entry(long seq, CanonicalRecord record) {}

  private record Key(String account, LocalDate day) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = day.compareTo(o.day);
      return c != 0 ? c : account.compareTo(o.account);
    }
  }

  private static final class Counter {
    int logins;
    int core;
    int secondary;
    final Set<String> users = new HashSet<>();
    Instant last = Instant.EPOCH;
    boolean dirty;
  }

  private final SegmentSettings settings;
  private final String epoch = UUID.randomUUID().toString();
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final TreeMap<Key, Counter> counters = new TreeMap<>();
  private final Set<String> messageIds =
      java.util.Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > MAX_MESSAGE_IDS;
            }
          });
  private long seq;

  public SegmentQueue(SegmentSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
  }

  @Override
  public String name() {
    return STREAM;
  }

  /** Adds a validated batch; false (nothing added) when the buffer has no room for it. */
  synchronized boolean offer(List<CanonicalRecord> records, List<Track> tracks) {
    if (entries.size() + records.size() > settings.queueCapacity()) {
      return false;
    }
    for (CanonicalRecord r : records) {
      entries.add(new Entry(++seq, r));
    }
    for (Track t : tracks) {
      if (t.messageId() != null && !messageIds.add(t.messageId())) {
        continue;
      }
      Counter c = counters.computeIfAbsent(new Key(t.account(), t.day()), k -> new Counter());
      c.users.add(t.user());
      if (t.kind() != null) {
        switch (t.kind()) {
          case "login" -> c.logins++;
          case "core" -> c.core++;
          default -> c.secondary++;
        }
      }
      if (t.at().isAfter(c.last)) {
        c.last = t.at();
      }
      c.dirty = true;
    }
    if (!counters.isEmpty()) {
      LocalDate newest = counters.lastKey().day();
      counters.headMap(new Key("", newest.minusDays(KEEP_DAYS))).clear();
    }
    return true;
  }

  /** Records waiting (not yet acknowledged), for metrics. */
  public synchronized int size() {
    return entries.size();
  }

  @Override
  public synchronized Page read(StreamState state) {
    long acked =
        epoch.equals(state.get(EPOCH).orElse(null))
            ? state.get(SEQ).map(Long::parseLong).orElse(0L)
            : 0L;
    while (!entries.isEmpty() && entries.peekFirst().seq() <= acked) {
      entries.removeFirst();
    }
    for (Map.Entry<Key, Counter> e : counters.entrySet()) {
      Counter c = e.getValue();
      if (c.dirty) {
        Key k = e.getKey();
        entries.add(
            new Entry(
                ++seq,
                new UsageDaily(
                    SourceRef.of(settings.system(), k.account() + ":" + k.day()),
                    SourceRef.of(settings.system(), k.account()),
                    k.day(),
                    c.logins,
                    c.core,
                    c.secondary,
                    c.users.size(),
                    c.last)));
        c.dirty = false;
      }
    }
    List<CanonicalRecord> records = new ArrayList<>();
    long last = acked;
    Iterator<Entry> it = entries.iterator();
    while (it.hasNext() && records.size() < settings.pageSize()) {
      Entry entry = it.next();
      if (entry.seq() > acked) {
        records.add(entry.record());
        last = entry.seq();
      }
    }
    boolean more = it.hasNext();
    StreamState next = state.with(EPOCH, epoch).with(SEQ, Long.toString(last));
    return new Page(records, List.of(), next, more);
  }
}
