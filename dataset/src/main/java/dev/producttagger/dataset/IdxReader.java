package dev.producttagger.dataset;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * Reads IDX files (LeCun's MNIST format, which Fashion-MNIST keeps): big-endian int32 magic number,
 * one int32 per dimension, then unsigned bytes. Files may be gzipped or not. Byte positions in
 * errors count from the start of the uncompressed IDX data.
 */
public final class IdxReader {

  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  private static final int IMAGES_HEADER_BYTES = 16;
  private static final int LABELS_HEADER_BYTES = 8;

  private IdxReader() {}

  /** Reads an images file and its labels file; both must hold the same number of items. */
  public static LabelledImages read(Path imagesFile, Path labelsFile) throws IOException {
    byte[] pixels = readImages(imagesFile);
    byte[] labels = readLabels(labelsFile);
    int imageCount = pixels.length / LabelledImages.PIXELS_PER_IMAGE;
    if (imageCount != labels.length) {
      throw new DatasetFormatException(
          labelsFile,
          "byte 4",
          labels.length + " labels but " + imagesFile + " holds " + imageCount + " images");
    }
    return new LabelledImages(pixels, labels);
  }

  private static byte[] readImages(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(DatasetFiles.open(file))) {
      int magic = readHeaderInt(in, file, 0);
      if (magic != IMAGES_MAGIC) {
        throw wrongMagic(file, magic, IMAGES_MAGIC, "images");
      }
      int count = readHeaderInt(in, file, 4);
      int rows = readHeaderInt(in, file, 8);
      int columns = readHeaderInt(in, file, 12);
      if (count < 0) {
        throw new DatasetFormatException(file, "byte 4", "negative image count " + count);
      }
      if (rows != LabelledImages.ROWS || columns != LabelledImages.COLUMNS) {
        throw new DatasetFormatException(
            file,
            "byte 8",
            "images are "
                + rows
                + "x"
                + columns
                + ", expected "
                + LabelledImages.ROWS
                + "x"
                + LabelledImages.COLUMNS);
      }
      return readBody(
          in, file, IMAGES_HEADER_BYTES, (long) count * LabelledImages.PIXELS_PER_IMAGE);
    }
  }

  private static byte[] readLabels(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(DatasetFiles.open(file))) {
      int magic = readHeaderInt(in, file, 0);
      if (magic != LABELS_MAGIC) {
        throw wrongMagic(file, magic, LABELS_MAGIC, "labels");
      }
      int count = readHeaderInt(in, file, 4);
      if (count < 0) {
        throw new DatasetFormatException(file, "byte 4", "negative label count " + count);
      }
      byte[] labels = readBody(in, file, LABELS_HEADER_BYTES, count);
      for (int i = 0; i < labels.length; i++) {
        int label = labels[i] & 0xFF;
        if (label >= LabelledImages.CLASS_COUNT) {
          throw new DatasetFormatException(
              file,
              "byte " + (LABELS_HEADER_BYTES + i),
              "label " + label + " of item " + i + " is outside 0-9");
        }
      }
      return labels;
    }
  }

  private static int readHeaderInt(DataInputStream in, Path file, int offset) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new DatasetFormatException(file, "byte " + offset, "truncated header", e);
    } catch (ZipException e) {
      throw corruptGzip(file, "byte " + offset, e);
    }
  }

  private static byte[] readBody(InputStream in, Path file, int headerBytes, long expectedBytes)
      throws IOException {
    if (expectedBytes > Integer.MAX_VALUE - 8) {
      throw new DatasetFormatException(
          file, "byte 4", "declares " + expectedBytes + " bytes, more than one array can hold");
    }
    try {
      byte[] body = in.readNBytes((int) expectedBytes);
      if (body.length < expectedBytes) {
        throw new DatasetFormatException(
            file,
            "byte " + (headerBytes + body.length),
            "truncated: header declares " + expectedBytes + " data bytes, file has " + body.length);
      }
      if (in.read() != -1) {
        throw new DatasetFormatException(
            file,
            "byte " + (headerBytes + expectedBytes),
            "unexpected bytes after the " + expectedBytes + " data bytes the header declares");
      }
      return body;
    } catch (EOFException | ZipException e) {
      // GZIPInputStream reports a cut-off or damaged deflate stream this way.
      throw corruptGzip(file, "after byte " + headerBytes, e);
    }
  }

  private static DatasetFormatException wrongMagic(
      Path file, int actual, int expected, String kind) {
    return new DatasetFormatException(
        file,
        "byte 0",
        String.format(
            "magic number 0x%08X is not the IDX %s magic 0x%08X", actual, kind, expected));
  }

  private static DatasetFormatException corruptGzip(Path file, String position, IOException cause) {
    return new DatasetFormatException(
        file, position, "truncated or corrupt gzip data: " + cause.getMessage(), cause);
  }
}
