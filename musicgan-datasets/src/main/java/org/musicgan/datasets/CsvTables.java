package org.musicgan.datasets;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads RFC-4180 CSV files (quoted fields, embedded newlines and {@code ""}, CRLF or LF, UTF-8 with
 * or without BOM) with Commons CSV, checking the header and keeping each row's line number for
 * error messages.
 */
public final class CsvTables {
  private CsvTables() {}

  /**
   * A data row and where it ends in the file.
   *
   * @param values the fields
   * @param line 1-based line on which the row ends
   */
  public record Row(List<String> values, long line) {
    /** The field at {@code index}. */
    public String get(int index) {
      return values.get(index);
    }
  }

  /**
   * Reads a CSV file whose first row must be exactly {@code expectedHeader}.
   *
   * @throws DatasetFormatException naming the file (and line) for a wrong header, a row with the
   *     wrong number of fields, bad UTF-8 or broken quoting
   */
  public static List<Row> read(Path file, List<String> expectedHeader) throws IOException {
    List<Row> all = readRaw(file);
    if (all.isEmpty()) {
      throw new DatasetFormatException(file, 0, "empty file, expected header " + expectedHeader);
    }
    Row header = all.get(0);
    if (!header.values().equals(expectedHeader)) {
      throw new DatasetFormatException(
          file, header.line(), "header is " + header.values() + ", expected " + expectedHeader);
    }
    List<Row> rows = all.subList(1, all.size());
    requireWidth(file, rows, expectedHeader.size());
    return rows;
  }

  /** Throws naming the first row whose field count is not {@code width}. */
  public static void requireWidth(Path file, List<Row> rows, int width)
      throws DatasetFormatException {
    for (Row r : rows) {
      if (r.values().size() != width) {
        throw new DatasetFormatException(
            file, r.line(), "row has " + r.values().size() + " fields, expected " + width);
      }
    }
  }

  /**
   * Reads every row of a CSV file, header rows included, skipping blank lines.
   *
   * @throws DatasetFormatException for bad UTF-8 or broken quoting
   */
  public static List<Row> readRaw(Path file) throws IOException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (CharacterCodingException e) {
      throw new DatasetFormatException(file, 0, "not UTF-8 text");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<Row> rows = new ArrayList<>();
    try (Reader in = new StringReader(text);
        CSVParser parser = CSVFormat.RFC4180.builder().build().parse(in)) {
      for (CSVRecord r : parser) {
        List<String> values = r.toList();
        if (values.size() == 1 && values.get(0).isEmpty()) {
          continue; // blank line
        }
        rows.add(new Row(values, parser.getCurrentLineNumber()));
      }
    } catch (java.io.UncheckedIOException | IllegalStateException e) {
      throw new DatasetFormatException(file, 0, "malformed CSV (" + e.getMessage() + ")");
    }
    return rows;
  }

  /** Parses an integer field or throws naming the file, line and column. */
  public static long parseLong(Path file, Row row, int index, String column)
      throws DatasetFormatException {
    try {
      return Long.parseLong(row.get(index).trim());
    } catch (NumberFormatException e) {
      throw new DatasetFormatException(
          file, row.line(), column + " is not an integer: \"" + row.get(index) + "\"");
    }
  }

  /** Parses a decimal field or throws naming the file, line and column. */
  public static double parseDouble(Path file, Row row, int index, String column)
      throws DatasetFormatException {
    try {
      return Double.parseDouble(row.get(index).trim());
    } catch (NumberFormatException e) {
      throw new DatasetFormatException(
          file, row.line(), column + " is not a number: \"" + row.get(index) + "\"");
    }
  }
}
