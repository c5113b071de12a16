package dev.retain.connectors.files;

import static java.util.Objects.requireNonNull;

import dev.retain.model.Entity;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where files for every canonical entity are dropped, and how their columns are named.
 *
 * @param directory holds {@code accounts-*.csv|jsonl}, {@code contacts-*}, {@code subscriptions-*},
 *     {@code tickets-*}, {@code survey_responses-*} and {@code usage-*} files; others (such as
 *     {@code *.partial}) are ignored
 * @param system the system token the records carry (for example {@code files} or {@code billing})
 * @param pageSize rows per page; a file larger than this is read in several pages
 * @param columns per entity, canonical column name to the file's column name (see {@link
 *     CanonicalRows}); entities not listed use the canonical names
 */
public record FileDropSettings(
    Path directory, String system, int pageSize, Map<Entity, Map<String, String>> columns) {

  public FileDropSettings {
    requireNonNull(directory, "files.directory is required");
    directory = directory.toAbsolutePath().normalize();
    if (system == null || !system.matches("[a-z][a-z0-9_]{1,31}")) {
      throw new IllegalArgumentException("files.system must be a lower-case token, got: " + system);
    }
    if (pageSize < 1) {
      throw new IllegalArgumentException("files.pageSize must be >= 1, got " + pageSize);
    }
    var copy = new EnumMap<Entity, Map<String, String>>(Entity.class);
    requireNonNull(columns, "files.columns is required")
        .forEach((e, m) -> copy.put(e, Map.copyOf(m)));
    columns = Map.copyOf(copy);
  }

  public static FileDropSettings of(Path directory) {
    return new FileDropSettings(directory, "files", 5_000, Map.of());
  }

  public FileDropSettings withPageSize(int pageSize) {
    return new FileDropSettings(directory, system, pageSize, columns);
  }

  public FileDropSettings withColumns(Entity entity, Map<String, String> mapping) {
    var copy = new EnumMap<Entity, Map<String, String>>(Entity.class);
    copy.putAll(columns);
    copy.put(entity, mapping);
    return new FileDropSettings(directory, system, pageSize, copy);
  }
}
