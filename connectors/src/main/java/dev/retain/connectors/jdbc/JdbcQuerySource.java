package dev.retain.connectors.jdbc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retain.connectors.files.CanonicalRows;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.connectors.spi.SourceConnector;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.model.CanonicalRecord;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A generic JDBC source: a configured SQL, read incrementally on one column with a tie-breaker:
 *
 * <pre>
 * select * from (&lt;sql&gt;) q
 *  where q.&lt;inc&gt; &gt; ? or (q.&lt;inc&gt; = ? and q.&lt;id&gt; &gt; ?)
 *  order by q.&lt;inc&gt;, q.&lt;id&gt;
 *  fetch first &lt;pageSize&gt; rows only
 * </pre>
 *
 * <p>The result set is streamed with the configured fetch size (auto-commit off, forward only), so
 * the driver never holds more than one fetch. State keys {@value #LAST_VALUE} (the incremental
 * value of the last row handed out, ISO-8601 for times) and {@value #LAST_ID}. Each row maps to one
 * canonical entity through {@link CanonicalRows}; a row that does not map is rejected with its id
 * and the column named.
 */
public final class JdbcQuerySource implements SourceConnector, SourceStream {
  public static final String LAST_VALUE = "lastValue";
  public static final String LAST_ID = "lastId";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcQuerySettings settings;
  private final CanonicalRows rows;

  public JdbcQuerySource(JdbcQuerySettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
    this.rows = new CanonicalRows(settings.system(), settings.entity(), settings.columns());
  }

  @Override
  public String system() {
    return settings.system();
  }

  @Override
  public List<SourceStream> streams() {
    return List.of(this);
  }

  @Override
  public String name() {
    return "jdbc." + settings.name();
  }

  @Override
  public CheckResult check() {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement("select * from (" + settings.sql() + ") q where 1 = 0")) {
      ResultSetMetaData meta = s.executeQuery().getMetaData();
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        names.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
      }
      for (String required : List.of(settings.incrementalColumn(), settings.idColumn())) {
        if (!names.contains(required.toLowerCase(Locale.ROOT))) {
          return CheckResult.failed(
              system(), "the query has no column '" + required + "'; it returns " + names);
        }
      }
      for (String required : rows.requiredColumns()) {
        if (!names.contains(required.toLowerCase(Locale.ROOT))
            && !(required.equals("account_id") && names.contains("workspace_id"))) {
          return CheckResult.failed(
              system(),
              "the query has no column '"
                  + required
                  + "' that a "
                  + settings.entity().table()
                  + " needs; it returns "
                  + names);
        }
      }
      return CheckResult.ok(
          system(),
          "connected to "
              + settings.jdbcUrl()
              + " as "
              + settings.user()
              + "; the query runs and returns "
              + names);
    } catch (SQLException e) {
      return CheckResult.failed(system(), explain(e));
    }
  }

  @Override
  public Page read(StreamState state) {
    String lastValue = state.get(LAST_VALUE).orElse(null);
    String lastId = state.get(LAST_ID).orElse(null);
    String inc = "q." + settings.incrementalColumn();
    String id = "q." + settings.idColumn();
    String sql =
        "select * from ("
            + settings.sql()
            + ") q"
            + (lastValue == null
                ? ""
                : " where " + inc + " > ? or (" + inc + " = ? and " + id + " > ?)")
            + " order by "
            + inc
            + ", "
            + id
            + " fetch first "
            + (settings.pageSize() + 1)
            + " rows only";
    String what =
        name() + " page after " + (lastValue == null ? "the start" : lastValue + " / " + lastId);
    List<CanonicalRecord> records = new ArrayList<>();
    List<RejectedRecord> rejected = new ArrayList<>();
    String newValue = lastValue;
    String newId = lastId;
    boolean more = false;
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      c.setReadOnly(true);
      Map<String, Integer> types = lastValue == null ? Map.of() : types(c);
      try (PreparedStatement s =
          c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
        s.setFetchSize(settings.fetchSize());
        if (lastValue != null) {
          bind(s, 1, lastValue, types.get(settings.incrementalColumn().toLowerCase(Locale.ROOT)));
          bind(s, 2, lastValue, types.get(settings.incrementalColumn().toLowerCase(Locale.ROOT)));
          bind(s, 3, lastId, types.get(settings.idColumn().toLowerCase(Locale.ROOT)));
        }
        try (ResultSet rs = s.executeQuery()) {
          ResultSetMetaData meta = rs.getMetaData();
          int n = meta.getColumnCount();
          String[] labels = new String[n];
          for (int i = 0; i < n; i++) {
            labels[i] = meta.getColumnLabel(i + 1).toLowerCase(Locale.ROOT);
          }
          int count = 0;
          while (rs.next()) {
            if (count++ == settings.pageSize()) {
              more = true;
              break;
            }
            Map<String, String> row = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
              row.put(labels[i], text(rs.getObject(i + 1)));
            }
            newValue = row.get(settings.incrementalColumn().toLowerCase(Locale.ROOT));
            newId = row.get(settings.idColumn().toLowerCase(Locale.ROOT));
            if (newValue == null) {
              throw new ConnectorException(
                  ConnectorErrorCode.MALFORMED_RESPONSE,
                  what
                      + ": a row with "
                      + settings.idColumn()
                      + " "
                      + newId
                      + " has no "
                      + settings.incrementalColumn()
                      + "; the query must not return nulls there");
            }
            try {
              records.add(rows.map(c2 -> row.get(c2.toLowerCase(Locale.ROOT))));
            } catch (IllegalArgumentException | NullPointerException e) {
              ObjectNode payload = JSON.createObjectNode();
              row.forEach(payload::put);
              rejected.add(
                  new RejectedRecord(
                      name(),
                      newId,
                      payload.toString(),
                      settings.idColumn() + " " + newId + ": " + e.getMessage()));
            }
          }
        }
      }
      c.commit();
    } catch (SQLException e) {
      throw new ConnectorException(codeOf(e), name() + ": " + what + ": " + explain(e), e);
    }
    StreamState next =
        newValue == null ? state : state.with(LAST_VALUE, newValue).with(LAST_ID, newId);
    return new Page(records, rejected, next, more);
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
  }

  /** The SQL types of the query's columns, to bind the saved offsets with the right type. */
  private Map<String, Integer> types(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement("select * from (" + settings.sql() + ") q where 1 = 0");
        ResultSet rs = s.executeQuery()) {
      ResultSetMetaData meta = rs.getMetaData();
      Map<String, Integer> types = new HashMap<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        types.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), meta.getColumnType(i));
      }
      return types;
    }
  }

  private static void bind(PreparedStatement s, int index, String value, Integer type)
      throws SQLException {
    int t = type == null ? Types.VARCHAR : type;
    switch (t) {
      case Types.TIMESTAMP_WITH_TIMEZONE, Types.TIMESTAMP ->
          s.setObject(index, OffsetDateTime.parse(value));
      case Types.DATE -> s.setObject(index, java.time.LocalDate.parse(value));
      case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT ->
          s.setLong(index, Long.parseLong(value));
      case Types.NUMERIC, Types.DECIMAL, Types.DOUBLE, Types.REAL, Types.FLOAT ->
          s.setBigDecimal(index, new BigDecimal(value));
      default -> s.setString(index, value);
    }
  }

  /** A column value as text: times as ISO-8601 UTC, dates as yyyy-MM-dd. */
  private static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Timestamp ts) {
      return ts.toLocalDateTime().atOffset(ZoneOffset.UTC).toString();
    }
    if (value instanceof OffsetDateTime odt) {
      return odt.withOffsetSameInstant(ZoneOffset.UTC).toString();
    }
    if (value instanceof Instant i) {
      return i.atOffset(ZoneOffset.UTC).toString();
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (value instanceof BigDecimal b) {
      return b.toPlainString();
    }
    return value.toString();
  }

  private static ConnectorErrorCode codeOf(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("28")) {
      return ConnectorErrorCode.AUTHENTICATION_FAILED;
    }
    if (state.equals("42501")) {
      return ConnectorErrorCode.PERMISSION_DENIED;
    }
    if (state.startsWith("08")) {
      return ConnectorErrorCode.UNREACHABLE;
    }
    if (state.startsWith("42")) {
      return ConnectorErrorCode.REQUEST_REJECTED;
    }
    return ConnectorErrorCode.UNAVAILABLE;
  }

  private String explain(SQLException e) {
    return switch (codeOf(e)) {
      case AUTHENTICATION_FAILED ->
          "credentials rejected: the database did not accept user "
              + settings.user()
              + " ("
              + e.getMessage()
              + ")";
      case PERMISSION_DENIED ->
          "user " + settings.user() + " may not read what the query reads (" + e.getMessage() + ")";
      case UNREACHABLE ->
          "database not reachable at " + settings.jdbcUrl() + " (" + e.getMessage() + ")";
      case REQUEST_REJECTED -> "the query is not valid here: " + e.getMessage();
      default -> "the query failed: " + e.getMessage();
    };
  }
}
