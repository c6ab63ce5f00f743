package dev.producttagger.tagger.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.schemas.events.Encoding;
import dev.producttagger.schemas.events.Image;
import dev.producttagger.schemas.events.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BadPhotosTest {

  private final ImagePreprocessor preprocessor = new ImagePreprocessor(ImageLimits.DEFAULT);

  private static byte[] smallPhoto(Encoding encoding) {
    var photo = TestPhotos.photo(120, 90, TestPhotos.tShirt(20, 10, 50, 70), TestPhotos.NAVY);
    return encoding == Encoding.PNG ? TestPhotos.png(photo) : TestPhotos.jpeg(photo);
  }

  @Test
  void truncatedFilesAreUndecodable() {
    for (Encoding encoding : new Encoding[] {Encoding.PNG, Encoding.JPEG}) {
      byte[] whole = smallPhoto(encoding);
      assertRejected(
          RejectionReason.UNDECODABLE_IMAGE, encoding, Arrays.copyOf(whole, whole.length / 2));
      assertRejected(
          RejectionReason.UNDECODABLE_IMAGE, encoding, Arrays.copyOf(whole, whole.length * 3 / 4));
      assertRejected(RejectionReason.UNDECODABLE_IMAGE, encoding, Arrays.copyOf(whole, 2));
    }
  }

  @Test
  void emptyDataIsUndecodable() {
    assertRejected(RejectionReason.UNDECODABLE_IMAGE, Encoding.PNG, new byte[0]);
    assertRejected(RejectionReason.UNDECODABLE_IMAGE, Encoding.JPEG, new byte[0]);
  }

  @Test
  void aZeroSizeHeaderIsUndecodable() {
    assertRejected(
        RejectionReason.UNDECODABLE_IMAGE,
        Encoding.PNG,
        TestPhotos.pngWithHeader(0, 10, TestPhotos.deflated(new byte[10])));
    assertRejected(
        RejectionReason.UNDECODABLE_IMAGE,
        Encoding.PNG,
        TestPhotos.pngWithHeader(10, 0, TestPhotos.deflated(new byte[10])));
  }

  @Test
  void bytesOfNeitherFormatAreAnUnsupportedEncoding() {
    byte[] gif = "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1);
    assertRejected(RejectionReason.UNSUPPORTED_ENCODING, Encoding.PNG, gif);
    assertRejected(RejectionReason.UNSUPPORTED_ENCODING, Encoding.JPEG, gif);
  }

  @Test
  void aPhotoDeclaredAsTheOtherFormatIsAnUnsupportedEncoding() {
    assertRejected(RejectionReason.UNSUPPORTED_ENCODING, Encoding.JPEG, smallPhoto(Encoding.PNG));
    assertRejected(RejectionReason.UNSUPPORTED_ENCODING, Encoding.PNG, smallPhoto(Encoding.JPEG));
  }

  @Test
  void aDecompressionBombIsTooLargeBeforeAnyPixelIsAllocated() {
    // 100000x100000 RGB would be 30 GB of pixels; the file is under 100 bytes.
    byte[] bomb = TestPhotos.pngWithHeader(100_000, 100_000, TestPhotos.deflated(new byte[1000]));
    assertTrue(bomb.length < 100);
    assertRejected(RejectionReason.IMAGE_TOO_LARGE, Encoding.PNG, bomb);
    assertRejected(
        RejectionReason.IMAGE_TOO_LARGE,
        Encoding.PNG,
        TestPhotos.pngWithHeader(4097, 10, TestPhotos.deflated(new byte[10])));
  }

  @Test
  void photosBeyondConfiguredLimitsAreTooLarge() {
    byte[] png = smallPhoto(Encoding.PNG); // 120x90
    assertRejected(
        new ImagePreprocessor(new ImageLimits(100, 100)),
        RejectionReason.IMAGE_TOO_LARGE,
        Encoding.PNG,
        png);
    assertRejected(
        new ImagePreprocessor(new ImageLimits(4096, 4096, png.length - 1)),
        RejectionReason.IMAGE_TOO_LARGE,
        Encoding.PNG,
        png);
    ImageRejectedException declared =
        assertThrows(
            ImageRejectedException.class,
            () -> preprocessor.toModelInput(new Image(Encoding.PNG, 5000, 90, png)));
    assertEquals(RejectionReason.IMAGE_TOO_LARGE, declared.reason());
  }

  @Test
  void corruptPixelDataIsUndecodable() {
    byte[] garbage = new byte[4000];
    new Random(7).nextBytes(garbage);
    assertRejected(
        RejectionReason.UNDECODABLE_IMAGE, Encoding.PNG, TestPhotos.pngWithHeader(64, 64, garbage));
    byte[] jpeg = smallPhoto(Encoding.JPEG);
    byte[] scrambled = jpeg.clone();
    System.arraycopy(garbage, 0, scrambled, jpeg.length / 2, 200);
    assertRejected(RejectionReason.UNDECODABLE_IMAGE, Encoding.JPEG, scrambled);
  }

  /** Randomly damaged files give input or a rejection, never another exception or error. */
  @Test
  void randomDamageNeverEscapesAsAnotherFailure() {
    Random random = new Random(42);
    for (Encoding encoding : new Encoding[] {Encoding.PNG, Encoding.JPEG}) {
      byte[] whole = smallPhoto(encoding);
      for (int round = 0; round < 150; round++) {
        byte[] damaged = whole.clone();
        for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
          damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
        }
        try {
          preprocessor.toModelInput(new Image(encoding, null, null, damaged));
        } catch (ImageRejectedException rejected) {
          // as good an outcome as decoding: anything else thrown fails the test
        }
      }
    }
  }

  private void assertRejected(RejectionReason reason, Encoding encoding, byte[] data) {
    assertRejected(preprocessor, reason, encoding, data);
  }

  private static void assertRejected(
      ImagePreprocessor preprocessor, RejectionReason reason, Encoding encoding, byte[] data) {
    ImageRejectedException rejected =
        assertThrows(
            ImageRejectedException.class,
            () -> preprocessor.toModelInput(new Image(encoding, null, null, data)));
    assertEquals(reason, rejected.reason(), rejected.getMessage());
  }
}
