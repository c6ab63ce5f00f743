package dev.producttagger.tagger.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.runtime.ModelInput;
import dev.producttagger.schemas.events.Encoding;
import dev.producttagger.schemas.events.Image;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

class PhotoUploadsTest {

  private final ImagePreprocessor preprocessor = new ImagePreprocessor(ImageLimits.DEFAULT);

  /** A navy T-shirt of 200x300 pixels, far off-centre on a 900x600 light canvas. */
  private static BufferedImage sellerPhoto() {
    return TestPhotos.photo(900, 600, TestPhotos.tShirt(60, 40, 200, 300), TestPhotos.NAVY);
  }

  @Test
  void aPngPhotoBecomesACentredNegatedItem() throws Exception {
    assertCentredTallShirt(convert(Encoding.PNG, TestPhotos.png(sellerPhoto())), 0);
  }

  @Test
  void aJpegPhotoBecomesTheSameCentredNegatedItem() throws Exception {
    ModelInput fromJpeg = convert(Encoding.JPEG, TestPhotos.jpeg(sellerPhoto()));
    assertCentredTallShirt(fromJpeg, 12);
    ModelInput fromPng = convert(Encoding.PNG, TestPhotos.png(sellerPhoto()));
    assertTrue(
        meanAbsoluteDifference(fromPng, fromJpeg) < 6,
        "JPEG and PNG of one photo give nearly the same input");
  }

  @Test
  void aLargePhotoIsDecodedAtReducedResolutionWithTheSameResult() throws Exception {
    // 2700x1800 is decoded keeping every 5th pixel.
    BufferedImage large =
        TestPhotos.photo(2700, 1800, TestPhotos.tShirt(200, 150, 800, 1200), TestPhotos.NAVY);
    ModelInput fromLarge = convert(Encoding.PNG, TestPhotos.png(large));
    assertCentredTallShirt(fromLarge, 0);
    assertTrue(
        meanAbsoluteDifference(convert(Encoding.PNG, TestPhotos.png(sellerPhoto())), fromLarge)
            < 8);
  }

  @Test
  void aLightGarmentBecomesFullInkLikeADarkOne() throws Exception {
    Color beige = new Color(205, 185, 150);
    ModelInput light =
        convert(
            Encoding.PNG,
            TestPhotos.png(TestPhotos.photo(900, 600, TestPhotos.tShirt(60, 40, 200, 300), beige)));
    ModelInput dark = convert(Encoding.PNG, TestPhotos.png(sellerPhoto()));

    int brightest = 0;
    for (int i = 0; i < ModelInput.PIXELS; i++) {
      brightest = Math.max(brightest, light.pixel(i));
    }
    assertEquals(255, brightest, "the beige shirt reaches full ink, as Fashion-MNIST items do");
    assertCentredTallShirt(light, 0);
    assertTrue(meanAbsoluteDifference(light, dark) < 3, "garment colour hardly changes the input");
  }

  @Test
  void aBlankPhotosNoiseIsNotStretchedIntoAnItem() throws Exception {
    BufferedImage blank = TestPhotos.lightCanvas(600, 800);
    Graphics2D g = blank.createGraphics();
    // Faint shading, under the trim's tolerance: the light falling off towards one corner.
    for (int step = 1; step <= 8; step++) {
      g.setColor(new Color(242 - step, 240 - step, 236 - step));
      g.fillOval(300 + step * 20, 400 + step * 30, 250, 350);
    }
    g.dispose();

    ModelInput input = convert(Encoding.JPEG, TestPhotos.jpeg(blank));

    for (int i = 0; i < ModelInput.PIXELS; i++) {
      assertTrue(input.pixel(i) < 40, "pixel " + i + " is " + input.pixel(i));
    }
  }

  @Test
  void transparentBackgroundIsCompositedOverWhite() throws Exception {
    BufferedImage argb =
        new BufferedImage(600, 600, BufferedImage.TYPE_INT_ARGB); // transparent black everywhere
    Graphics2D g = argb.createGraphics();
    g.setColor(TestPhotos.NAVY);
    g.fillPolygon(TestPhotos.tShirt(300, 100, 200, 300));
    g.dispose();
    assertCentredTallShirt(convert(Encoding.PNG, TestPhotos.png(argb)), 0);
  }

  @Test
  void grayscale16BitPaletteAndRgb16PngsDecode() throws Exception {
    BufferedImage photo = sellerPhoto();
    for (BufferedImage variant :
        new BufferedImage[] {
          redraw(photo, new BufferedImage(900, 600, BufferedImage.TYPE_BYTE_GRAY)),
          redraw(photo, new BufferedImage(900, 600, BufferedImage.TYPE_USHORT_GRAY)),
          redraw(photo, rgb16(900, 600)),
          palette(TestPhotos.LIGHT_BACKGROUND),
          palette(new Color(0, 0, 0, 0))
        }) {
      ModelInput input = convert(Encoding.PNG, TestPhotos.png(variant));
      assertCentredTallShirt(input, 0);
    }
  }

  @Test
  void jpegExifOrientationTurnsThePhotoUpright() throws Exception {
    // Stored on its side: a wide item, dark on the left (the shirt's top), lighter on the right.
    BufferedImage sideways = TestPhotos.lightCanvas(600, 400);
    Graphics2D g = sideways.createGraphics();
    g.setColor(TestPhotos.NAVY);
    g.fillRect(100, 150, 150, 100);
    g.setColor(new Color(120, 130, 170));
    g.fillRect(250, 150, 150, 100);
    g.dispose();
    byte[] jpeg = TestPhotos.jpeg(sideways);

    ModelInput asStored = convert(Encoding.JPEG, jpeg);
    assertTrue(
        rowSum(asStored, 0) == 0 && columnSum(asStored, 0) > 0,
        "without orientation the item stays wide");
    assertTrue(columnSum(asStored, 3) > columnSum(asStored, 24));

    ModelInput rotated =
        convert(
            Encoding.JPEG, TestPhotos.withExifOrientation(jpeg, 6)); // turn 90 degrees clockwise
    assertTrue(columnSum(rotated, 0) == 0 && rowSum(rotated, 0) > 0, "upright the item is tall");
    assertTrue(
        rowSum(rotated, 3) > rowSum(rotated, 24),
        "the dark end, stored on the left, is now on top");
  }

  private ModelInput convert(Encoding encoding, byte[] data) throws ImageRejectedException {
    return preprocessor.toModelInput(new Image(encoding, null, null, data));
  }

  /**
   * The shirt is 2:3, so it fills all 28 rows and 19 columns from column 4; the margins are exactly
   * background; the body is strong ink; the background between the sleeves and the hem stays near
   * 0; the item's ink is centred left to right, on column 13.
   */
  private static void assertCentredTallShirt(ModelInput input, int backgroundNoise) {
    for (int column : new int[] {0, 1, 2, 3, 24, 25, 26, 27}) {
      assertEquals(0, columnSum(input, column), "margin column " + column + " is background");
    }
    assertTrue(rowSum(input, 0) > 0 && rowSum(input, 27) > 0, "the item spans every row");
    assertTrue(
        input.pixel(14 * 28 + 14) > 170, "the body is ink, got " + input.pixel(14 * 28 + 14));
    assertTrue(
        input.pixel(26 * 28 + 5) <= backgroundNoise,
        "below the sleeve is background, got " + input.pixel(26 * 28 + 5));
    double centreX = 0;
    double total = 0;
    for (int i = 0; i < ModelInput.PIXELS; i++) {
      centreX += input.pixel(i) * (i % 28);
      total += input.pixel(i);
    }
    assertEquals(13, centreX / total, 0.5, "the item is centred");
  }

  private static BufferedImage redraw(BufferedImage source, BufferedImage target) {
    Graphics2D g = target.createGraphics();
    g.drawImage(source, 0, 0, null);
    g.dispose();
    return target;
  }

  private static BufferedImage rgb16(int width, int height) {
    ComponentColorModel model =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    return new BufferedImage(
        model, model.createCompatibleWritableRaster(width, height), false, null);
  }

  /**
   * A two-colour palette image of the shirt; a transparent background colour is written as a tRNS
   * chunk.
   */
  private static BufferedImage palette(Color background) {
    Color shirtColour = TestPhotos.NAVY;
    byte[] red = {(byte) background.getRed(), (byte) shirtColour.getRed()};
    byte[] green = {(byte) background.getGreen(), (byte) shirtColour.getGreen()};
    byte[] blue = {(byte) background.getBlue(), (byte) shirtColour.getBlue()};
    byte[] alpha = {(byte) background.getAlpha(), (byte) 255};
    IndexColorModel palette = new IndexColorModel(8, 2, red, green, blue, alpha);
    BufferedImage image = new BufferedImage(900, 600, BufferedImage.TYPE_BYTE_INDEXED, palette);
    WritableRaster raster = image.getRaster();
    Polygon shirt = TestPhotos.tShirt(60, 40, 200, 300);
    for (int y = 0; y < 600; y++) {
      for (int x = 0; x < 900; x++) {
        raster.setSample(x, y, 0, shirt.contains(x, y) ? 1 : 0);
      }
    }
    return image;
  }

  private static int columnSum(ModelInput input, int column) {
    int sum = 0;
    for (int row = 0; row < ModelInput.SIDE; row++) {
      sum += input.pixel(row * ModelInput.SIDE + column);
    }
    return sum;
  }

  private static int rowSum(ModelInput input, int row) {
    int sum = 0;
    for (int column = 0; column < ModelInput.SIDE; column++) {
      sum += input.pixel(row * ModelInput.SIDE + column);
    }
    return sum;
  }

  private static double meanAbsoluteDifference(ModelInput a, ModelInput b) {
    double sum = 0;
    for (int i = 0; i < ModelInput.PIXELS; i++) {
      sum += Math.abs(a.pixel(i) - b.pixel(i));
    }
    return sum / ModelInput.PIXELS;
  }
}
