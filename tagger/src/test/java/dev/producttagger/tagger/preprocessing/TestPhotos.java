package dev.producttagger.tagger.preprocessing;

import dev.producttagger.tagger.traffic.SellerPhotos;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/** Seller-like photos drawn with java.awt, and hand-made PNG and JPEG bytes for the bad cases. */
public final class TestPhotos {

  static final Color LIGHT_BACKGROUND = new Color(242, 240, 236);
  public static final Color NAVY = new Color(30, 40, 95);

  private TestPhotos() {}

  /**
   * A T-shirt: body plus sleeves, inside the box at ({@code left}, {@code top}) of {@code width x
   * height}; the sleeves leave background inside that box.
   */
  public static Polygon tShirt(int left, int top, int width, int height) {
    int[] xs = {0, 35, 65, 100, 100, 80, 80, 20, 20, 0};
    int[] ys = {15, 0, 0, 15, 35, 30, 100, 100, 30, 35};
    Polygon shirt = new Polygon();
    for (int i = 0; i < xs.length; i++) {
      shirt.addPoint(left + xs[i] * (width - 1) / 100, top + ys[i] * (height - 1) / 100);
    }
    return shirt;
  }

  /** An RGB photo of {@code shape} in {@code colour} on the light background. */
  public static BufferedImage photo(int width, int height, Polygon shape, Color colour) {
    BufferedImage image = lightCanvas(width, height);
    Graphics2D g = image.createGraphics();
    g.setColor(colour);
    g.fillPolygon(shape);
    g.dispose();
    return image;
  }

  /** An RGB photo of nothing but the light background. */
  static BufferedImage lightCanvas(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(LIGHT_BACKGROUND);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  public static byte[] png(BufferedImage image) {
    return encode(image, "png");
  }

  public static byte[] jpeg(BufferedImage image) {
    return SellerPhotos.encodeJpeg(image, 0.85f);
  }

  private static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, bytes)) {
        throw new IllegalStateException(
            "no " + format + " writer for image type " + image.getType());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The JPEG with an EXIF APP1 segment holding only an orientation tag, placed after the JFIF APP0
   * segment.
   */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    ByteBuffer tiff = ByteBuffer.allocate(26); // big-endian: header, one IFD with one SHORT entry
    tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8).putShort((short) 1);
    tiff.putShort((short) 0x0112)
        .putShort((short) 3)
        .putInt(1)
        .putShort((short) orientation)
        .putShort((short) 0);
    tiff.putInt(0);
    byte[] exifHeader = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    int segmentLength = 2 + exifHeader.length + tiff.capacity();
    int insertAt =
        2 + 2 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF)); // SOI, then APP0's marker and length
    ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + segmentLength);
    out.put(jpeg, 0, insertAt);
    out.put((byte) 0xFF)
        .put((byte) 0xE1)
        .putShort((short) segmentLength)
        .put(exifHeader)
        .put(tiff.array());
    out.put(jpeg, insertAt, jpeg.length - insertAt);
    return out.array();
  }

  /**
   * A PNG made of a header chunk declaring {@code width x height} (8-bit RGB), the given IDAT
   * payload and the end chunk, with correct CRCs: what a decompression bomb looks like to a reader.
   */
  public static byte[] pngWithHeader(int width, int height, byte[] idat) {
    ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height);
    header.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    png.writeBytes(chunk("IHDR", header.array()));
    png.writeBytes(chunk("IDAT", idat));
    png.writeBytes(chunk("IEND", new byte[0]));
    return png.toByteArray();
  }

  /** {@code raw} compressed with zlib, as a PNG's IDAT chunk holds it. */
  public static byte[] deflated(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream deflater = new DeflaterOutputStream(out)) {
      deflater.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] chunk(String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    return ByteBuffer.allocate(12 + data.length)
        .putInt(data.length)
        .put(typeBytes)
        .put(data)
        .putInt((int) crc.getValue())
        .array();
  }
}
