package dev.producttagger.tagger.preprocessing;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The EXIF orientation of a JPEG (1 to 8, as the TIFF tag numbers them): phones store the sensor's
 * rows and record how to turn them, and a shoe lying on its side is not the shoe the model learnt.
 */
final class ExifOrientation {

  static final int NORMAL = 1;

  private ExifOrientation() {}

  /**
   * The orientation recorded in the JPEG's EXIF segment, or {@link #NORMAL} when there is none. A
   * damaged EXIF segment also counts as none: it says nothing about whether the pixels decode.
   */
  static int of(byte[] jpeg) {
    try (ImageInputStream stream =
        new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
      List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(stream, JPEG.APP1, "Exif");
      if (exif.isEmpty()) {
        return NORMAL;
      }
      InputStream tiff = exif.get(0).data();
      tiff.read(); // "Exif\0" is followed by one more pad byte before the TIFF header
      try (ImageInputStream tiffStream = new MemoryCacheImageInputStream(tiff)) {
        Directory directory = new TIFFReader().read(tiffStream);
        Entry entry = directory.getEntryById(TIFF.TAG_ORIENTATION);
        int orientation =
            entry != null && entry.getValue() instanceof Number number ? number.intValue() : NORMAL;
        return orientation >= 1 && orientation <= 8 ? orientation : NORMAL;
      }
    } catch (IOException | RuntimeException damagedMetadata) {
      return NORMAL;
    }
  }

  /**
   * The image as it is meant to be seen: stored rows turned and mirrored as {@code orientation}
   * says.
   */
  static Luminance apply(int orientation, Luminance stored) {
    if (orientation == NORMAL) {
      return stored;
    }
    int w = stored.width();
    int h = stored.height();
    boolean transposed = orientation >= 5;
    int outWidth = transposed ? h : w;
    int outHeight = transposed ? w : h;
    byte[] out = new byte[outWidth * outHeight];
    for (int y = 0; y < outHeight; y++) {
      for (int x = 0; x < outWidth; x++) {
        int sourceX;
        int sourceY;
        switch (orientation) {
          case 2 -> {
            sourceX = w - 1 - x;
            sourceY = y;
          }
          case 3 -> {
            sourceX = w - 1 - x;
            sourceY = h - 1 - y;
          }
          case 4 -> {
            sourceX = x;
            sourceY = h - 1 - y;
          }
          case 5 -> {
            sourceX = y;
            sourceY = x;
          }
          case 6 -> {
            sourceX = y;
            sourceY = h - 1 - x;
          }
          case 7 -> {
            sourceX = w - 1 - y;
            sourceY = h - 1 - x;
          }
          default -> {
            sourceX = w - 1 - y;
            sourceY = x;
          } // 8
        }
        out[y * outWidth + x] = (byte) stored.at(sourceX, sourceY);
      }
    }
    return new Luminance(outWidth, outHeight, out);
  }
}
