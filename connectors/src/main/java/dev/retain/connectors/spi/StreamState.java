package dev.retain.connectors.spi;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a stream stopped, as an explicit value of named offset keys (for example {@code
 * systemModstamp} and {@code nextRecordsUrl} for Salesforce, {@code cursor} for Zendesk). A stream
 * hands the next state out with every page; the caller saves it only after the page has landed, so
 * a crash re-reads the page instead of losing it.
 */
public record StreamState(Map<String, String> offsets) {
  public static final StreamState INITIAL = new StreamState(Map.of());

  public StreamState {
    requireNonNull(offsets, "offsets is null");
    offsets = Map.copyOf(new TreeMap<>(offsets));
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(offsets.get(key));
  }

  public StreamState with(String key, String value) {
    var copy = new TreeMap<>(offsets);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return new StreamState(copy);
  }

  public StreamState without(String key) {
    return with(key, null);
  }

  public boolean isInitial() {
    return offsets.isEmpty();
  }
}
