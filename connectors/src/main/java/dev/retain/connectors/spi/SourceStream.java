package dev.retain.connectors.spi;

/**
 * One incremental stream of a source, for example Salesforce accounts or Zendesk tickets. A stream
 * reads one page at a time from a saved state; it keeps no state of its own between calls.
 */
public interface SourceStream {

  /**
   * A stable name such as {@code salesforce.accounts}; it keys the saved state and dead letters.
   */
  String name();

  /**
   * Reads the page that follows {@code state}. {@link StreamState#INITIAL} starts a full read.
   *
   * @throws ConnectorException when the page cannot be read; the caller keeps the old state so the
   *     next run retries the same page
   */
  Page read(StreamState state);
}
