package dev.producttagger.tagger.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.producttagger.runtime.ModelInput;
import dev.producttagger.schemas.events.Image;
import dev.producttagger.schemas.events.RejectionReason;
import org.junit.jupiter.api.Test;

class Gray8ImagesTest {

  @Test
  void a28By28ImagePassesThroughUnchanged() {
    byte[] pixels = new byte[784];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) i;
    }
    assertArrayEquals(pixels, Gray8Images.fit(pixels, 28, 28).pixels());
  }

  @Test
  void aLargerImageIsAveragedDownToTheSameShape() {
    // 56x56: each 2x2 block of the source becomes one pixel holding their mean.
    byte[] big = new byte[56 * 56];
    for (int y = 0; y < 56; y++) {
      for (int x = 0; x < 56; x++) {
        big[y * 56 + x] = (byte) ((x / 2 + y / 2) % 2 == 0 ? ((x + y) % 2 == 0 ? 200 : 100) : 0);
      }
    }
    ModelInput fitted = Gray8Images.fit(big, 56, 56);
    assertEquals(150, fitted.pixel(0));
    assertEquals(0, fitted.pixel(1));
  }

  @Test
  void aWideImageIsCentredVerticallyOnBackground() {
    byte[] wide = new byte[56 * 28];
    java.util.Arrays.fill(wide, (byte) 255);
    ModelInput fitted = Gray8Images.fit(wide, 56, 28);
    // 56x28 scales to 28x14, padded by 7 rows above and below.
    assertEquals(0, fitted.pixel(6 * 28 + 10));
    assertEquals(255, fitted.pixel(7 * 28 + 10));
    assertEquals(255, fitted.pixel(20 * 28 + 10));
    assertEquals(0, fitted.pixel(21 * 28 + 10));
  }

  @Test
  void imagesBeyondTheLimitAreTooLarge() {
    ImagePreprocessor preprocessor = new ImagePreprocessor(new ImageLimits(100, 100));
    ImageRejectedException tooWide =
        assertThrows(
            ImageRejectedException.class,
            () -> preprocessor.toModelInput(Image.gray8(101, 1, new byte[101])));
    assertEquals(RejectionReason.IMAGE_TOO_LARGE, tooWide.reason());
  }
}
