package dev.producttagger.tagger.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {

  /** Stored 3x2 as "abc/def"; each orientation as the EXIF specification says it is displayed. */
  @Test
  void everyOrientationIsTurnedAsExifDefinesIt() {
    Luminance stored = new Luminance(3, 2, "abcdef".getBytes(StandardCharsets.US_ASCII));
    assertDisplayed("abcdef", 3, stored, 1);
    assertDisplayed("cbafed", 3, stored, 2);
    assertDisplayed("fedcba", 3, stored, 3);
    assertDisplayed("defabc", 3, stored, 4);
    assertDisplayed("adbecf", 2, stored, 5);
    assertDisplayed("daebfc", 2, stored, 6);
    assertDisplayed("fcebda", 2, stored, 7);
    assertDisplayed("cfbead", 2, stored, 8);
  }

  @Test
  void theOrientationIsReadFromTheExifSegment() {
    byte[] jpeg =
        TestPhotos.jpeg(TestPhotos.photo(40, 30, TestPhotos.tShirt(5, 5, 20, 20), TestPhotos.NAVY));
    assertEquals(ExifOrientation.NORMAL, ExifOrientation.of(jpeg));
    assertEquals(6, ExifOrientation.of(TestPhotos.withExifOrientation(jpeg, 6)));
    assertEquals(
        ExifOrientation.NORMAL, ExifOrientation.of(TestPhotos.withExifOrientation(jpeg, 9)));
  }

  private static void assertDisplayed(
      String expected, int width, Luminance stored, int orientation) {
    Luminance displayed = ExifOrientation.apply(orientation, stored);
    assertEquals(width, displayed.width());
    assertArrayEquals(
        expected.getBytes(StandardCharsets.US_ASCII),
        displayed.values(),
        "orientation " + orientation);
  }
}
