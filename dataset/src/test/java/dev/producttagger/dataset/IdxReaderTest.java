package dev.producttagger.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  @TempDir Path dir;

  @Test
  void readsPlainFiles() throws IOException {
    byte[] pixels = IdxFiles.patternPixels(3);
    LabelledImages images =
        IdxReader.read(
            IdxFiles.write(dir.resolve("images"), IdxFiles.images(3, pixels)),
            IdxFiles.write(dir.resolve("labels"), IdxFiles.labels((byte) 9, (byte) 0, (byte) 4)));

    assertEquals(3, images.size());
    assertEquals(9, images.label(0));
    assertEquals(4, images.label(2));
    assertEquals(pixels[784 + 28 * 2 + 5] & 0xFF, images.pixel(1, 2, 5));
    assertEquals(new LabelledImages(pixels, new byte[] {9, 0, 4}), images);
  }

  @Test
  void detectsGzipByMagicBytesNotByName() throws IOException {
    byte[] pixels = IdxFiles.patternPixels(2);
    LabelledImages images =
        IdxReader.read(
            IdxFiles.writeGzipped(dir.resolve("images.idx"), IdxFiles.images(2, pixels)),
            IdxFiles.write(dir.resolve("labels.gz"), IdxFiles.labels((byte) 1, (byte) 2)));

    assertEquals(new LabelledImages(pixels, new byte[] {1, 2}), images);
  }

  @Test
  void readsAnEmptySet() throws IOException {
    LabelledImages images =
        IdxReader.read(
            IdxFiles.write(dir.resolve("images"), IdxFiles.images(0, new byte[0])),
            IdxFiles.write(dir.resolve("labels"), IdxFiles.labels()));

    assertEquals(0, images.size());
  }

  @Test
  void rejectsWrongImagesMagic() throws IOException {
    Path images = IdxFiles.write(dir.resolve("images"), IdxFiles.labels((byte) 1));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> IdxReader.read(images, goodLabels(1)));
    assertEquals(images, e.file());
    assertEquals("byte 0", e.position());
    assertTrue(
        e.getMessage().contains("0x00000801") && e.getMessage().contains("0x00000803"),
        e.getMessage());
  }

  @Test
  void rejectsWrongLabelsMagic() throws IOException {
    Path labels = IdxFiles.write(dir.resolve("labels"), IdxFiles.images(1, new byte[784]));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> IdxReader.read(goodImages(1), labels));
    assertEquals(labels, e.file());
    assertEquals("byte 0", e.position());
  }

  @Test
  void rejectsImagesThatAreNot28By28() throws IOException {
    Path images =
        IdxFiles.write(
            dir.resolve("images"),
            IdxFiles.idx(new int[] {IdxReader.IMAGES_MAGIC, 1, 32, 32}, new byte[32 * 32]));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> IdxReader.read(images, goodLabels(1)));
    assertEquals("byte 8", e.position());
    assertTrue(e.getMessage().contains("32x32"), e.getMessage());
  }

  @Test
  void rejectsATruncatedHeader() throws IOException {
    Path images =
        IdxFiles.write(dir.resolve("images"), Arrays.copyOf(IdxFiles.images(1, new byte[784]), 10));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> IdxReader.read(images, goodLabels(1)));
    assertEquals("byte 8", e.position());
    assertTrue(e.getMessage().contains("truncated header"), e.getMessage());
  }

  @Test
  void rejectsTruncatedPixels() throws IOException {
    byte[] full = IdxFiles.images(2, new byte[2 * 784]);
    Path images = IdxFiles.write(dir.resolve("images"), Arrays.copyOf(full, full.length - 100));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> IdxReader.read(images, goodLabels(2)));
    assertEquals("byte " + (full.length - 100), e.position());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void rejectsATruncatedGzipStream() throws IOException {
    Path whole =
        IdxFiles.writeGzipped(
            dir.resolve("whole.gz"), IdxFiles.images(20, IdxFiles.patternPixels(20)));
    byte[] gz = Files.readAllBytes(whole);
    Path cut = IdxFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> IdxReader.read(cut, goodLabels(20)));
    assertEquals(cut, e.file());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void rejectsBytesAfterTheDeclaredData() throws IOException {
    byte[] labels = IdxFiles.labels((byte) 1, (byte) 2);
    Path file = IdxFiles.write(dir.resolve("labels"), Arrays.copyOf(labels, labels.length + 1));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> IdxReader.read(goodImages(2), file));
    assertEquals("byte 10", e.position());
  }

  @Test
  void rejectsLabelsOutsideZeroToNine() throws IOException {
    Path labels = IdxFiles.write(dir.resolve("labels"), IdxFiles.labels((byte) 3, (byte) 10));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> IdxReader.read(goodImages(2), labels));
    assertEquals("byte 9", e.position());
    assertTrue(e.getMessage().contains("label 10"), e.getMessage());
  }

  @Test
  void rejectsAnImageAndLabelCountMismatch() throws IOException {
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class, () -> IdxReader.read(goodImages(3), goodLabels(2)));
    assertTrue(
        e.getMessage().contains("2 labels but") && e.getMessage().contains("3 images"),
        e.getMessage());
  }

  @Test
  void keepsAllPixelValuesUnsigned() throws IOException {
    byte[] pixels = new byte[784];
    pixels[0] = (byte) 255;
    pixels[1] = (byte) 128;
    LabelledImages images =
        IdxReader.read(
            IdxFiles.write(dir.resolve("images"), IdxFiles.images(1, pixels)), goodLabels(1));
    assertEquals(255, images.pixel(0, 0, 0));
    assertEquals(128, images.pixel(0, 0, 1));
  }

  private Path goodImages(int count) throws IOException {
    return IdxFiles.write(
        dir.resolve("good-images"), IdxFiles.images(count, new byte[count * 784]));
  }

  private Path goodLabels(int count) throws IOException {
    return IdxFiles.write(dir.resolve("good-labels"), IdxFiles.labels(new byte[count]));
  }
}
