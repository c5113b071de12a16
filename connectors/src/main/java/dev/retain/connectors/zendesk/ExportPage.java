package dev.retain.connectors.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One page of a Zendesk incremental export, as read off the wire: the exported items (unmapped),
 * the ticket metric sets side-loaded with them (by ticket id), and the pagination fields of both
 * export kinds (time-based: {@code end_time}, {@code next_page}, {@code count}; cursor-based:
 * {@code after_cursor}, {@code after_url}).
 */
record ExportPage(
    List<JsonNode> items,
    Map<String, JsonNode> metricSetsByTicket,
    boolean endOfStream,
    Long endTime,
    String nextPage,
    String afterCursor,
    String afterUrl) {

  ExportPage {
    items = List.copyOf(items);
    metricSetsByTicket = Map.copyOf(metricSetsByTicket);
  }
}
