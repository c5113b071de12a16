package dev.retain.connectors.spi;

import java.util.List;

/** A client for one external source system: a set of streams and a connection check. */
public interface SourceConnector {

  /** The system token records carry in their {@link dev.retain.model.SourceRef}. */
  String system();

  List<SourceStream> streams();

  /** Authenticates and reads one page; reports in plain words what is wrong. */
  CheckResult check();
}
