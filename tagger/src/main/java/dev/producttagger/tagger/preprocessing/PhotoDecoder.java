package dev.producttagger.tagger.preprocessing;

import dev.producttagger.schemas.events.Encoding;
import dev.producttagger.schemas.events.RejectionReason;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes a PNG or JPEG upload to {@link Luminance} with bounded memory: the byte length and then
 * the header's dimensions are checked before the decoder allocates any pixels, and a large photo is
 * decoded at a reduced resolution, since only 28x28 pixels come out in the end.
 */
final class PhotoDecoder {

  /**
   * Photos are decoded keeping every n-th pixel so the longest decoded edge stays below twice this:
   * still at least 8 decoded pixels per output pixel along an edge, while a 4096x4096 photo takes
   * about 200 KiB of pixels instead of 48 MiB. Decoding 400x500 JPEGs this way is about 3x faster
   * than at 512 with the same accuracy (docs/benchmarks/photos.md).
   */
  private static final int DECODED_SIDE = 224;

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final byte[] JPEG_SIGNATURE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

  private final ImageLimits limits;

  PhotoDecoder(ImageLimits limits) {
    this.limits = limits;
  }

  /** {@code encoding} is {@link Encoding#PNG} or {@link Encoding#JPEG}. */
  Luminance decode(Encoding encoding, byte[] data) throws ImageRejectedException {
    if (data.length == 0) {
      throw new ImageRejectedException(
          RejectionReason.UNDECODABLE_IMAGE, "the " + name(encoding) + " data is empty");
    }
    if (data.length > limits.maxEncodedBytes()) {
      throw new ImageRejectedException(
          RejectionReason.IMAGE_TOO_LARGE,
          "the "
              + name(encoding)
              + " data is "
              + data.length
              + " bytes, more than the limit "
              + limits.maxEncodedBytes());
    }
    checkSignature(encoding, data);
    ImageReader reader = readerFor(encoding);
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    try (ImageInputStream stream =
        new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      reader.setInput(stream, true, true);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      if (width <= 0 || height <= 0) {
        throw new ImageRejectedException(
            RejectionReason.UNDECODABLE_IMAGE,
            "the " + name(encoding) + " header declares " + width + "x" + height);
      }
      if (width > limits.maxWidth() || height > limits.maxHeight()) {
        throw new ImageRejectedException(
            RejectionReason.IMAGE_TOO_LARGE,
            "the "
                + name(encoding)
                + " is "
                + width
                + "x"
                + height
                + ", larger than the limit "
                + limits.maxWidth()
                + "x"
                + limits.maxHeight());
      }
      ImageReadParam param = reader.getDefaultReadParam();
      int step = Math.max(1, Math.max(width, height) / DECODED_SIDE);
      param.setSourceSubsampling(step, step, 0, 0);
      BufferedImage image = reader.read(0, param);
      // The JPEG decoder fills what is missing from a truncated or damaged file with gray and only
      // warns; a product tagged from half a photo would be silently wrong, so a warning rejects it.
      if (!warnings.isEmpty()) {
        throw new ImageRejectedException(
            RejectionReason.UNDECODABLE_IMAGE,
            "the " + name(encoding) + " is damaged: " + String.join("; ", warnings));
      }
      Luminance stored = luminance(image);
      return encoding == Encoding.JPEG
          ? ExifOrientation.apply(ExifOrientation.of(data), stored)
          : stored;
    } catch (IOException | RuntimeException decoderFailure) {
      // ImageIO reports corrupt input as IIOException but also as IllegalArgumentException,
      // ArrayIndexOutOfBoundsException, NegativeArraySizeException and others from deep inside.
      throw new ImageRejectedException(
          RejectionReason.UNDECODABLE_IMAGE,
          "the " + name(encoding) + " cannot be decoded: " + decoderFailure);
    } finally {
      reader.dispose();
    }
  }

  /**
   * Bytes that are another format than the declared one (a PNG sent as jpeg, or neither) are
   * UNSUPPORTED_ENCODING rather than UNDECODABLE_IMAGE, and are not decoded as what they really
   * are: the upload names an encoding its bytes do not have, which the sender must fix, and ops can
   * tell a mislabelled upload from a damaged file. Data that is only the start of the right
   * signature is a truncated file, so UNDECODABLE_IMAGE.
   */
  private static void checkSignature(Encoding encoding, byte[] data) throws ImageRejectedException {
    byte[] expected = encoding == Encoding.PNG ? PNG_SIGNATURE : JPEG_SIGNATURE;
    if (startsWith(data, expected)) {
      return;
    }
    if (data.length < expected.length
        && Arrays.equals(data, 0, data.length, expected, 0, data.length)) {
      throw new ImageRejectedException(
          RejectionReason.UNDECODABLE_IMAGE,
          "the " + name(encoding) + " is truncated within its signature");
    }
    String actual =
        startsWith(data, PNG_SIGNATURE)
            ? "PNG"
            : startsWith(data, JPEG_SIGNATURE) ? "JPEG" : "neither PNG nor JPEG";
    throw new ImageRejectedException(
        RejectionReason.UNSUPPORTED_ENCODING,
        "declared " + name(encoding) + " but the bytes are " + actual);
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    return data.length >= prefix.length
        && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static ImageReader readerFor(Encoding encoding) throws ImageRejectedException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(name(encoding));
    if (!readers.hasNext()) {
      throw new ImageRejectedException(
          RejectionReason.UNSUPPORTED_ENCODING, "no " + name(encoding) + " decoder is installed");
    }
    return readers.next();
  }

  private static String name(Encoding encoding) {
    return encoding == Encoding.PNG ? "png" : "jpeg";
  }

  /**
   * Luminance with ITU-R BT.601 weights (what PIL's and ImageMagick's gray conversions use), after
   * compositing any alpha over white: a product photo's background is light, so a transparent
   * background must not turn into black ink.
   */
  private static Luminance luminance(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] out = new byte[width * height];
    ColorModel colorModel = image.getColorModel();
    int colours = colorModel.getNumColorComponents();
    int colourSpace = colorModel.getColorSpace().getType();
    boolean plainSamples =
        !(colorModel instanceof IndexColorModel)
            && (colourSpace == ColorSpace.TYPE_RGB && colours == 3
                || colourSpace == ColorSpace.TYPE_GRAY && colours == 1);
    if (plainSamples) {
      // Gray and RGB samples are used as encoded: going through getRGB would gamma-lift gray
      // images,
      // whose Java colour space is linear, and is several times slower.
      Raster raster = image.getRaster();
      int bands = raster.getNumBands();
      boolean alpha = colorModel.hasAlpha();
      int[] row = new int[width * bands];
      for (int y = 0; y < height; y++) {
        read8BitRow(raster, colorModel, y, row);
        for (int x = 0, i = 0; x < width; x++, i += bands) {
          int luma = colours == 3 ? luma(row[i], row[i + 1], row[i + 2]) : row[i];
          out[y * width + x] = (byte) (alpha ? overWhite(luma, row[i + colours]) : luma);
        }
      }
    } else {
      int[] argb = new int[width];
      for (int y = 0; y < height; y++) {
        image.getRGB(0, y, width, 1, argb, 0, width);
        for (int x = 0; x < width; x++) {
          int pixel = argb[x];
          out[y * width + x] =
              (byte)
                  overWhite(
                      luma(pixel >> 16 & 0xFF, pixel >> 8 & 0xFF, pixel & 0xFF), pixel >>> 24);
        }
      }
    }
    return new Luminance(width, height, out);
  }

  /** BT.601's 0.299, 0.587 and 0.114 in 16-bit fixed point. */
  private static int luma(int red, int green, int blue) {
    return (19595 * red + 38470 * green + 7471 * blue + 32768) >> 16;
  }

  private static int overWhite(int luma, int alpha) {
    return (luma * alpha + 255 * (255 - alpha) + 127) / 255;
  }

  /** One row's samples scaled to 8 bits, band by band for each pixel. */
  private static void read8BitRow(Raster raster, ColorModel colorModel, int y, int[] row) {
    int width = raster.getWidth();
    // Every JPEG and 8-bit PNG decodes to interleaved bytes; reading them directly is several
    // times faster than Raster.getPixels' per-sample calls.
    if (raster.getDataBuffer() instanceof DataBufferByte buffer
        && raster.getSampleModel() instanceof PixelInterleavedSampleModel layout) {
      byte[] data = buffer.getData();
      int[] bandOffsets = layout.getBandOffsets();
      int pixelStride = layout.getPixelStride();
      int rowStart =
          buffer.getOffset()
              + (y - raster.getSampleModelTranslateY()) * layout.getScanlineStride()
              - raster.getSampleModelTranslateX() * pixelStride;
      for (int x = 0, i = 0; x < width; x++) {
        int pixel = rowStart + x * pixelStride;
        for (int bandOffset : bandOffsets) {
          row[i++] = data[pixel + bandOffset] & 0xFF;
        }
      }
      return;
    }
    raster.getPixels(0, y, width, 1, row);
    int bands = raster.getNumBands();
    for (int band = 0; band < bands; band++) {
      int max = (1 << colorModel.getComponentSize(band)) - 1;
      if (max != 255) {
        for (int i = band; i < row.length; i += bands) {
          row[i] = (row[i] * 255 + max / 2) / max;
        }
      }
    }
  }
}
