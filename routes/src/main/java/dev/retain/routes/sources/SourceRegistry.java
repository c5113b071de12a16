package dev.retain.routes.sources;

import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.SourceConnector;
import dev.retain.connectors.spi.SourceStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured sources and their streams, by name. Closing it closes the sources that hold
 * resources (the Segment endpoint's server); Spring does so with the context.
 */
public final class SourceRegistry implements AutoCloseable {
  private final List<SourceConnector> connectors;
  private final Map<String, SourceStream> streams = new LinkedHashMap<>();

  public SourceRegistry(List<SourceConnector> connectors) {
    this.connectors = List.copyOf(connectors);
    for (SourceConnector c : connectors) {
      for (SourceStream s : c.streams()) {
        if (streams.put(s.name(), s) != null) {
          throw new IllegalStateException("two streams are named " + s.name());
        }
      }
    }
  }

  public List<String> streamNames() {
    return new ArrayList<>(streams.keySet());
  }

  public SourceStream stream(String name) {
    SourceStream s = streams.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          "no stream named " + name + "; known: " + streams.keySet());
    }
    return s;
  }

  /** Checks every connection; never throws. */
  public List<CheckResult> checkAll() {
    List<CheckResult> results = new ArrayList<>();
    for (SourceConnector c : connectors) {
      try {
        results.add(c.check());
      } catch (RuntimeException e) {
        results.add(CheckResult.failed(c.system(), e.getMessage()));
      }
    }
    return results;
  }

  /** Closes every source that holds resources; never throws. */
  @Override
  public void close() {
    closeAll(connectors);
  }

  static void closeAll(List<SourceConnector> connectors) {
    for (SourceConnector c : connectors) {
      if (c instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // closing is best effort; the next start binds afresh
        }
      }
    }
  }
}
