package dev.retain.sandbox.server.product;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retain.connectors.files.ProductUsageConnector;
import dev.retain.model.UsageDaily;
import dev.retain.sandbox.SandboxView;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The product's daily usage export, as files: for every complete day (UTC) before the view's clock,
 * {@code usage-YYYY-MM-DD.jsonl} with one line per workspace — {@code {"workspace_id", "day",
 * "logins", "core_events", "secondary_events", "active_seats", "updated_at"}}. Each file is written
 * to {@code .partial} and renamed atomically, so a reader never sees half a file; a file that
 * exists already is left alone. Not an HTTP server: the product drops files, it does not serve
 * them.
 */
public final class ProductUsageDrop {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<SandboxView> view;
  private final Path directory;

  public ProductUsageDrop(Supplier<SandboxView> view, Path directory) {
    this.view = requireNonNull(view, "view is null");
    this.directory = requireNonNull(directory, "directory is null");
  }

  public Path directory() {
    return directory;
  }

  /** Writes the files of the complete days that are missing; returns the files it wrote. */
  public List<Path> sync() {
    SandboxView current = view.get();
    LocalDate today = current.asOf().atZone(ZoneOffset.UTC).toLocalDate();
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      for (LocalDate day = current.firstUsageDay(); day.isBefore(today); day = day.plusDays(1)) {
        Path file = directory.resolve(ProductUsageConnector.fileName(day));
        if (Files.exists(file)) {
          continue;
        }
        write(file, current.usage(day));
        written.add(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("product usage drop into " + directory + " failed", e);
    }
    return written;
  }

  private static void write(Path file, Stream<UsageDaily> usage) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (OutputStream out = Files.newOutputStream(partial);
        JsonGenerator json = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8);
        usage) {
      json.setRootValueSeparator(null);
      for (UsageDaily u : (Iterable<UsageDaily>) usage::iterator) {
        json.writeStartObject();
        json.writeStringField("workspace_id", u.account().id());
        json.writeStringField("day", u.day().toString());
        json.writeNumberField("logins", u.logins());
        json.writeNumberField("core_events", u.coreEvents());
        json.writeNumberField("secondary_events", u.secondaryEvents());
        json.writeNumberField("active_seats", u.activeSeats());
        json.writeStringField("updated_at", u.updatedAt().toString());
        json.writeEndObject();
        json.writeRaw('\n');
      }
    }
    try {
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
