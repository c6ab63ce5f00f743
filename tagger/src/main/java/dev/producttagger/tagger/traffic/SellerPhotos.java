package dev.producttagger.tagger.traffic;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Makes "seller photos" out of Fashion-MNIST items, the reverse of the dataset authors' conversion:
 * the item dark on a light background, enlarged several times, tinted with a garment colour, placed
 * off-centre on a larger canvas, JPEG-compressed. Seeded, so a benchmark and a test see the same
 * photos every run.
 */
public final class SellerPhotos {

  private static final Color[] GARMENT_COLOURS = {
    new Color(25, 35, 90), new Color(120, 20, 30), new Color(20, 80, 40), new Color(60, 60, 60),
    new Color(150, 90, 30), new Color(90, 30, 110), new Color(10, 10, 10), new Color(40, 90, 150)
  };

  private final Random random;
  private final int canvasWidth;
  private final int canvasHeight;

  public SellerPhotos(long seed, int canvasWidth, int canvasHeight) {
    this.random = new Random(seed);
    this.canvasWidth = canvasWidth;
    this.canvasHeight = canvasHeight;
  }

  /** A JPEG photo of one 28x28 item (0 = background, 255 = ink). */
  public byte[] jpeg(byte[] item) {
    return encodeJpeg(photo(item), 0.85f);
  }

  BufferedImage photo(byte[] item) {
    Color garment = GARMENT_COLOURS[random.nextInt(GARMENT_COLOURS.length)];
    int background = 225 + random.nextInt(31);
    int maxScale = Math.min(canvasWidth, canvasHeight) / 28;
    int scale = Math.max(4, maxScale / 2 + random.nextInt(Math.max(1, maxScale / 2)));
    int side = 28 * scale;
    int left = random.nextInt(Math.max(1, canvasWidth - side));
    int top = random.nextInt(Math.max(1, canvasHeight - side));

    BufferedImage small = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        double ink = (item[y * 28 + x] & 0xFF) / 255.0;
        small.setRGB(x, y, mix(background, garment, ink));
      }
    }
    BufferedImage canvas = new BufferedImage(canvasWidth, canvasHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas.createGraphics();
    g.setColor(new Color(background, background, background));
    g.fillRect(0, 0, canvasWidth, canvasHeight);
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(small, left, top, side, side, null);
    g.dispose();
    return canvas;
  }

  /** The garment colour where the item has ink, the background where it has none. */
  private static int mix(int background, Color garment, double ink) {
    int r = (int) Math.round(background + (garment.getRed() - background) * ink);
    int gr = (int) Math.round(background + (garment.getGreen() - background) * ink);
    int b = (int) Math.round(background + (garment.getBlue() - background) * ink);
    return (r << 16) | (gr << 8) | b;
  }

  /** JPEG bytes of an image at the given quality (0-1). */
  public static byte[] encodeJpeg(BufferedImage image, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
