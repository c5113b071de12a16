package dev.retain.connectors.files;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where the product drops its daily usage files.
 *
 * @param directory holds {@code usage-YYYY-MM-DD.jsonl} files; others (such as {@code *.partial})
 *     are ignored
 */
public record ProductUsageSettings(Path directory) {
  public ProductUsageSettings {
    requireNonNull(directory, "product.directory is required");
    directory = directory.toAbsolutePath().normalize();
  }
}
