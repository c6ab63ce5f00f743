package dev.producttagger.dataset;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files, well-formed or deliberately broken, for reader tests. */
final class IdxFiles {

  private IdxFiles() {}

  /** The header ints (magic then dimensions) followed by the body bytes. */
  static byte[] idx(int[] header, byte[] body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (int value : header) {
        out.writeInt(value);
      }
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] images(int count, byte[] pixels) {
    return idx(new int[] {IdxReader.IMAGES_MAGIC, count, 28, 28}, pixels);
  }

  static byte[] labels(byte... labels) {
    return idx(new int[] {IdxReader.LABELS_MAGIC, labels.length}, labels);
  }

  /** Pixels of {@code count} images where image i's pixel p is (i * 7 + p) mod 256. */
  static byte[] patternPixels(int count) {
    byte[] pixels = new byte[count * LabelledImages.PIXELS_PER_IMAGE];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] =
          (byte) ((i / LabelledImages.PIXELS_PER_IMAGE) * 7 + i % LabelledImages.PIXELS_PER_IMAGE);
    }
    return pixels;
  }

  static Path write(Path file, byte[] content) throws IOException {
    Files.write(file, content);
    return file;
  }

  static Path writeGzipped(Path file, byte[] content) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content);
    }
    return file;
  }
}
