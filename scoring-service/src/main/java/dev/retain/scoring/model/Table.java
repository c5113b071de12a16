package dev.retain.scoring.model;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** A rectangular table of string cells as read from a CSV file (blank cells stay blank). */
public record Table(List<String> columns, List<List<String>> rows) {

  public Table {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).size() != columns.size()) {
        throw new IllegalArgumentException(
            "row "
                + (i + 1)
                + " has "
                + rows.get(i).size()
                + " cells, the header has "
                + columns.size());
      }
    }
  }

  /** Reads a CSV file with a header row. */
  public static Table readCsv(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return readCsv(reader);
    }
  }

  public static Table readCsv(Reader reader) throws IOException {
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    try (CSVParser parser = CSVParser.parse(reader, format)) {
      List<String> header = parser.getHeaderNames();
      List<List<String>> rows = new ArrayList<>();
      for (CSVRecord record : parser) {
        List<String> row = new ArrayList<>(header.size());
        for (int i = 0; i < header.size(); i++) {
          row.add(i < record.size() ? record.get(i) : "");
        }
        rows.add(row);
      }
      return new Table(header, rows);
    }
  }

  public int size() {
    return rows.size();
  }

  /** The index of a column, failing with the names available when it is absent. */
  public int index(String column) {
    requireNonNull(column, "column");
    int i = columns.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException(
          "no column '" + column + "' in the data; columns are " + columns);
    }
    return i;
  }

  public boolean has(String column) {
    return column != null && columns.contains(column);
  }

  public String cell(int row, String column) {
    return rows.get(row).get(index(column));
  }

  /** One row as a map from column name to cell. */
  public Map<String, String> row(int row) {
    Map<String, String> out = new HashMap<>();
    List<String> cells = rows.get(row);
    for (int i = 0; i < columns.size(); i++) {
      out.put(columns.get(i), cells.get(i));
    }
    return out;
  }

  /** The rows at the given indices, in that order. */
  public Table select(int[] indices) {
    List<List<String>> out = new ArrayList<>(indices.length);
    for (int i : indices) {
      out.add(rows.get(i));
    }
    return new Table(columns, out);
  }
}
