package dev.retain.routes.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retain.connectors.spi.StreamState;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Saved stream states in {@code ops.stream_cursor}: the loader and committer of sync state. */
@Component
class CursorStore {
  private static final TypeReference<Map<String, String>> OFFSETS = new TypeReference<>() {};
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  CursorStore(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  StreamState load(String stream) {
    List<String> rows =
        jdbc.queryForList(
            "select state::text from ops.stream_cursor where stream = ?", String.class, stream);
    if (rows.isEmpty()) {
      return StreamState.INITIAL;
    }
    try {
      return new StreamState(json.readValue(rows.get(0), OFFSETS));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("saved state of stream " + stream + " is not valid JSON", e);
    }
  }

  void commit(String stream, StreamState state) {
    try {
      jdbc.update(
          "insert into ops.stream_cursor (stream, state, updated_at) values (?, ?::jsonb, now())"
              + " on conflict (stream) do update set state = excluded.state, updated_at = now()",
          stream,
          json.writeValueAsString(state.offsets()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("state of stream " + stream + " cannot be written", e);
    }
  }
}
