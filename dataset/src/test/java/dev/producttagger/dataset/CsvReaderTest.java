package dev.producttagger.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

  private static final String HEADER =
      "label,"
          + IntStream.rangeClosed(1, 784)
              .mapToObj(i -> "pixel" + i)
              .collect(Collectors.joining(","));

  @TempDir Path dir;

  @Test
  void readsRowsWithAHeader() throws IOException {
    LabelledImages images = CsvReader.read(write(HEADER, row(2, 0), row(9, 5)));

    assertEquals(2, images.size());
    assertEquals(2, images.label(0));
    assertEquals(9, images.label(1));
    assertEquals(pixelValue(5, 0), images.pixel(1, 0, 0));
    assertEquals(pixelValue(5, 783), images.pixel(1, 27, 27));
  }

  @Test
  void readsRowsWithoutAHeaderAndWithWindowsLineEnds() throws IOException {
    Path file = dir.resolve("crlf.csv");
    Files.writeString(file, row(1, 0) + "\r\n" + row(3, 1) + "\r\n");

    LabelledImages images = CsvReader.read(file);

    assertEquals(2, images.size());
    assertEquals(3, images.label(1));
  }

  @Test
  void readsTheSameImagesAsTheIdxReader() throws IOException {
    LabelledImages fromCsv = CsvReader.read(write(row(4, 0), row(7, 1)));
    byte[] pixels = new byte[2 * 784];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) pixelValue(i / 784, i % 784);
    }
    assertEquals(new LabelledImages(pixels, new byte[] {4, 7}), fromCsv);
  }

  @Test
  void readsGzippedCsv() throws IOException {
    Path file =
        IdxFiles.writeGzipped(
            dir.resolve("rows.csv.gz"),
            (HEADER + "\n" + row(6, 2) + "\n").getBytes(StandardCharsets.UTF_8));
    assertEquals(6, CsvReader.read(file).label(0));
  }

  @Test
  void rejectsAShortRow() throws IOException {
    String shortRow = row(1, 0).substring(0, row(1, 0).lastIndexOf(','));
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class, () -> CsvReader.read(write(HEADER, row(1, 0), shortRow)));
    assertEquals("line 3", e.position());
    assertTrue(e.getMessage().contains("784 fields"), e.getMessage());
  }

  @Test
  void rejectsALongRow() throws IOException {
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> CsvReader.read(write(row(1, 0) + ",0,0")));
    assertEquals("line 1", e.position());
    assertTrue(e.getMessage().contains("787 fields"), e.getMessage());
  }

  @Test
  void rejectsAnEmptyRow() throws IOException {
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class, () -> CsvReader.read(write(row(1, 0), "", row(2, 0))));
    assertEquals("line 2", e.position());
    assertTrue(e.getMessage().contains("0 fields"), e.getMessage());
  }

  @Test
  void rejectsAHeaderOfTheWrongWidth() throws IOException {
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class, () -> CsvReader.read(write("label,pixel1", row(1, 0))));
    assertEquals("line 1", e.position());
  }

  @Test
  void rejectsANonIntegerPixel() throws IOException {
    String bad = row(1, 0).replaceFirst(",\\d+,", ",12.5,");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> CsvReader.read(write(bad)));
    assertEquals("line 1, column 2", e.position());
    assertTrue(e.getMessage().contains("'12.5' is not an integer"), e.getMessage());
  }

  @Test
  void rejectsAPixelAbove255() throws IOException {
    String bad = row(1, 0).replaceFirst(",\\d+,\\d+,", ",0,256,");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> CsvReader.read(write(bad)));
    assertEquals("line 1, column 3", e.position());
    assertTrue(e.getMessage().contains("pixel 256 is outside 0-255"), e.getMessage());
  }

  @Test
  void rejectsANegativePixel() throws IOException {
    String bad = row(1, 0).replaceFirst(",\\d+,", ",-1,");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> CsvReader.read(write(bad)));
    assertTrue(e.getMessage().contains("pixel -1 is outside 0-255"), e.getMessage());
  }

  @Test
  void rejectsALabelAboveNine() throws IOException {
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class, () -> CsvReader.read(write(row(1, 0), row(10, 0))));
    assertEquals("line 2, column 1", e.position());
    assertTrue(e.getMessage().contains("label 10 is outside 0-9"), e.getMessage());
  }

  @Test
  void rejectsANonNumericLabelAfterTheFirstLine() throws IOException {
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class,
            () -> CsvReader.read(write(row(1, 0), "x" + row(1, 0).substring(1))));
    assertEquals("line 2, column 1", e.position());
  }

  private Path write(String... lines) throws IOException {
    return Files.writeString(dir.resolve("images.csv"), String.join("\n", lines) + "\n");
  }

  /** A row whose pixel p is pixelValue(image, p). */
  private static String row(int label, int image) {
    return label
        + ","
        + IntStream.range(0, 784)
            .mapToObj(p -> String.valueOf(pixelValue(image, p)))
            .collect(Collectors.joining(","));
  }

  private static int pixelValue(int image, int pixel) {
    return (image * 31 + pixel) % 256;
  }
}
