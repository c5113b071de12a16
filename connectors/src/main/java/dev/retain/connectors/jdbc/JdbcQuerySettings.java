package dev.retain.connectors.jdbc;

import static java.util.Objects.requireNonNull;

import dev.retain.model.Entity;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A SQL query read as one canonical entity.
 *
 * @param name the stream name suffix: the stream is {@code jdbc.<name>}
 * @param jdbcUrl for example {@code jdbc:postgresql://db:5432/billing}
 * @param user database user
 * @param password never printed
 * @param system the system token the records carry (e.g. {@code billing})
 * @param sql the query, without ORDER BY or a final WHERE on the incremental column; it is wrapped
 *     as a sub-select, so it may join and filter freely
 * @param incrementalColumn a column of the query that grows when a row changes (e.g. {@code
 *     updated_at}); rows are read in order of it
 * @param idColumn a unique column of the query, the tie-breaker among rows with the same
 *     incremental value
 * @param entity the canonical entity every row maps to
 * @param columns canonical column name to the query's column name (see {@link
 *     dev.retain.connectors.files.CanonicalRows})
 * @param fetchSize rows the driver fetches per round trip (streaming, never the whole result)
 * @param pageSize rows per page
 */
public record JdbcQuerySettings(
    String name,
    String jdbcUrl,
    String user,
    String password,
    String system,
    String sql,
    String incrementalColumn,
    String idColumn,
    Entity entity,
    Map<String, String> columns,
    int fetchSize,
    int pageSize) {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public JdbcQuerySettings {
    if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("jdbc.name must be a lower-case token, got: " + name);
    }
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("jdbc.url must start with jdbc:, got: " + jdbcUrl);
    }
    requireNonNull(user, "jdbc.user is required");
    requireNonNull(password, "jdbc.password is required");
    if (system == null || !system.matches("[a-z][a-z0-9_]{1,31}")) {
      throw new IllegalArgumentException("jdbc.system must be a lower-case token, got: " + system);
    }
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("jdbc.sql is blank");
    }
    sql = sql.strip().replaceAll(";+$", "");
    if (incrementalColumn == null || !IDENTIFIER.matcher(incrementalColumn).matches()) {
      throw new IllegalArgumentException(
          "jdbc.incrementalColumn must be a plain column name, got: " + incrementalColumn);
    }
    if (idColumn == null || !IDENTIFIER.matcher(idColumn).matches()) {
      throw new IllegalArgumentException(
          "jdbc.idColumn must be a plain column name, got: " + idColumn);
    }
    requireNonNull(entity, "jdbc.entity is required");
    columns = Map.copyOf(requireNonNull(columns, "jdbc.columns is required"));
    if (fetchSize < 1) {
      throw new IllegalArgumentException("jdbc.fetchSize must be >= 1, got " + fetchSize);
    }
    if (pageSize < 1) {
      throw new IllegalArgumentException("jdbc.pageSize must be >= 1, got " + pageSize);
    }
  }

  public JdbcQuerySettings withPageSize(int pageSize) {
    return new JdbcQuerySettings(
        name,
        jdbcUrl,
        user,
        password,
        system,
        sql,
        incrementalColumn,
        idColumn,
        entity,
        columns,
        fetchSize,
        pageSize);
  }

  public JdbcQuerySettings withPassword(String password) {
    return new JdbcQuerySettings(
        name,
        jdbcUrl,
        user,
        password,
        system,
        sql,
        incrementalColumn,
        idColumn,
        entity,
        columns,
        fetchSize,
        pageSize);
  }

  @Override
  public String toString() {
    return "JdbcQuerySettings[name="
        + name
        + ", jdbcUrl="
        + jdbcUrl
        + ", user="
        + user
        + ", password=****, system="
        + system
        + ", sql="
        + sql
        + ", incrementalColumn="
        + incrementalColumn
        + ", idColumn="
        + idColumn
        + ", entity="
        + entity
        + ", columns="
        + columns
        + ", fetchSize="
        + fetchSize
        + ", pageSize="
        + pageSize
        + "]";
  }
}
