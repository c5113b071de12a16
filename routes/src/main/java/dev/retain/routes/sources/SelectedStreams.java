package dev.retain.routes.sources;

import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.SourceConnector;
import dev.retain.connectors.spi.SourceStream;
import java.util.List;
import java.util.Set;

/** A connector with only some of its streams (e.g. the file drop's chosen entities). */
record SelectedStreams(SourceConnector connector, Set<String> names) implements SourceConnector {

  @Override
  public String system() {
    return connector.system();
  }

  @Override
  public List<SourceStream> streams() {
    return connector.streams().stream().filter(s -> names.contains(s.name())).toList();
  }

  @Override
  public CheckResult check() {
    return connector.check();
  }
}
