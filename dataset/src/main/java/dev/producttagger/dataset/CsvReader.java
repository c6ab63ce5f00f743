package dev.producttagger.dataset;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads the paper's CSV form of Fashion-MNIST: one image per row, the label then 784 pixel values,
 * comma separated. A header row is recognised by a first field that is not a number. Gzipped files
 * are read as well.
 */
public final class CsvReader {

  private static final int FIELDS_PER_ROW = 1 + LabelledImages.PIXELS_PER_IMAGE;

  private CsvReader() {}

  public static LabelledImages read(Path file) throws IOException {
    ByteArrayOutputStream pixels = new ByteArrayOutputStream();
    ByteArrayOutputStream labels = new ByteArrayOutputStream();
    int[] row = new int[FIELDS_PER_ROW];
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(DatasetFiles.open(file), StandardCharsets.UTF_8), 1 << 16)) {
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (lineNumber == 1 && isHeader(line)) {
          requireFieldCount(file, lineNumber, line.split(",", -1).length);
          continue;
        }
        parseRow(file, lineNumber, line, row);
        labels.write(row[0]);
        for (int i = 1; i < FIELDS_PER_ROW; i++) {
          pixels.write(row[i]);
        }
      }
    }
    return new LabelledImages(pixels.toByteArray(), labels.toByteArray());
  }

  private static boolean isHeader(String line) {
    int end = line.indexOf(',');
    String first = (end < 0 ? line : line.substring(0, end)).trim();
    return !first.isEmpty()
        && !Character.isDigit(first.charAt(0))
        && first.charAt(0) != '-'
        && first.charAt(0) != '+';
  }

  /** Parses one data row into {@code values}: the label, then the pixels. */
  private static void parseRow(Path file, int lineNumber, String line, int[] values)
      throws DatasetFormatException {
    if (line.isBlank()) {
      requireFieldCount(file, lineNumber, 0);
    }
    int fieldCount = 0;
    int start = 0;
    while (true) {
      int end = line.indexOf(',', start);
      int fieldEnd = end < 0 ? line.length() : end;
      if (fieldCount == FIELDS_PER_ROW) {
        requireFieldCount(file, lineNumber, fieldCount + 1 + countCommas(line, fieldEnd));
      }
      values[fieldCount] =
          parseField(file, lineNumber, fieldCount, line.substring(start, fieldEnd).trim());
      fieldCount++;
      if (end < 0) {
        break;
      }
      start = end + 1;
    }
    requireFieldCount(file, lineNumber, fieldCount);
  }

  private static int parseField(Path file, int lineNumber, int fieldIndex, String text)
      throws DatasetFormatException {
    String position = "line " + lineNumber + ", column " + (fieldIndex + 1);
    String what = fieldIndex == 0 ? "label" : "pixel";
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new DatasetFormatException(file, position, what + " '" + text + "' is not an integer");
    }
    int max = fieldIndex == 0 ? LabelledImages.CLASS_COUNT - 1 : 255;
    if (value < 0 || value > max) {
      throw new DatasetFormatException(file, position, what + " " + value + " is outside 0-" + max);
    }
    return value;
  }

  private static void requireFieldCount(Path file, int lineNumber, int fieldCount)
      throws DatasetFormatException {
    if (fieldCount != FIELDS_PER_ROW) {
      throw new DatasetFormatException(
          file,
          "line " + lineNumber,
          "row has "
              + fieldCount
              + " fields, expected "
              + FIELDS_PER_ROW
              + " (label then 784 pixels)");
    }
  }

  private static int countCommas(String line, int from) {
    int commas = 0;
    for (int i = from; i < line.length(); i++) {
      if (line.charAt(i) == ',') {
        commas++;
      }
    }
    return commas;
  }
}
