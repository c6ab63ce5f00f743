package dev.producttagger.dataset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens a dataset file, decompressing it when it starts with gzip's magic bytes whatever its name.
 */
final class DatasetFiles {

  private static final int GZIP_MAGIC_FIRST = 0x1F;
  private static final int GZIP_MAGIC_SECOND = 0x8B;

  private DatasetFiles() {}

  static InputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    boolean gzipped = raw.read() == GZIP_MAGIC_FIRST && raw.read() == GZIP_MAGIC_SECOND;
    raw.reset();
    if (!gzipped) {
      return raw;
    }
    try {
      return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
    } catch (IOException e) {
      raw.close();
      throw new DatasetFormatException(
          file, "gzip header", "not a readable gzip stream: " + e.getMessage(), e);
    }
  }
}
