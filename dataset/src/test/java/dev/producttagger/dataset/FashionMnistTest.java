package dev.producttagger.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

  /** The repository's data/fashion-mnist, as Maven passes it to the tests. */
  private static final Path DIRECTORY =
      Path.of(System.getProperty("fashionMnist.directory", "../data/fashion-mnist"));

  @Test
  void theShippedFilesHaveTheCanonicalChecksums() throws IOException {
    for (FashionMnist.CanonicalFile file : FashionMnist.FILES) {
      assertEquals(file.sha256(), FashionMnist.sha256(DIRECTORY.resolve(file.name())), file.name());
    }
  }

  @Test
  void loadsSixtyThousandTrainingImagesSixThousandPerClass() throws IOException {
    LabelledImages train = FashionMnist.loadTrain(DIRECTORY);
    assertEquals(60_000, train.size());
    int[] sixThousandEach = new int[10];
    Arrays.fill(sixThousandEach, 6000);
    assertArrayEquals(sixThousandEach, train.classCounts());
  }

  /** The tagger's photo conversion stretches every item to full ink because of this. */
  @Test
  void everyTrainingImageReachesFullInk() throws IOException {
    LabelledImages train = FashionMnist.loadTrain(DIRECTORY);
    int reaching = 0;
    for (int i = 0; i < train.size(); i++) {
      int darkest = 0;
      for (byte pixel : train.image(i)) {
        darkest = Math.max(darkest, pixel & 0xFF);
      }
      if (darkest >= 254) {
        reaching++;
      }
    }
    assertEquals(train.size(), reaching, "images whose darkest pixel is 254 or 255");
  }

  @Test
  void loadsTenThousandTestImagesAThousandPerClass() throws IOException {
    LabelledImages test = FashionMnist.loadTest(DIRECTORY);
    assertEquals(10_000, test.size());
    int[] thousandEach = new int[10];
    Arrays.fill(thousandEach, 1000);
    assertArrayEquals(thousandEach, test.classCounts());
    // The first test image is an ankle boot, as in every Fashion-MNIST distribution.
    assertEquals(9, test.label(0));
  }

  @Test
  void refusesAFileWhoseChecksumDiffers(@TempDir Path dir) throws IOException {
    Path source = DIRECTORY;
    Files.copy(
        source.resolve(FashionMnist.TEST_IMAGES.name()),
        dir.resolve(FashionMnist.TEST_IMAGES.name()));
    byte[] labels = Files.readAllBytes(source.resolve(FashionMnist.TEST_LABELS.name()));
    labels[labels.length / 2] ^= 1;
    Files.write(dir.resolve(FashionMnist.TEST_LABELS.name()), labels);

    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> FashionMnist.loadTest(dir));
    assertEquals(dir.resolve(FashionMnist.TEST_LABELS.name()), e.file());
    assertEquals("whole file", e.position());
    assertTrue(e.getMessage().contains(FashionMnist.TEST_LABELS.sha256()), e.getMessage());
  }
}
