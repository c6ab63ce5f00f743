package dev.producttagger.tagger.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.producttagger.schemas.events.Encoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledUploadTest {

  @TempDir Path dir;

  @Test
  void foldersNamedAfterACategoryLabelTheirPhotosWhateverTheSpelling() {
    assertEquals(7, LabelledUpload.labelOf("Sneaker"));
    assertEquals(9, LabelledUpload.labelOf("ankle-boot"));
    assertEquals(0, LabelledUpload.labelOf("T-SHIRT_TOP"));
    assertEquals(LabelledUpload.UNLABELLED, LabelledUpload.labelOf("holiday"));
    assertEquals(LabelledUpload.UNLABELLED, LabelledUpload.labelOf(""));
  }

  @Test
  void readsPngAndJpegFilesInPathOrderAndSkipsOthers() throws IOException {
    Path bags = Files.createDirectories(dir.resolve("Bag"));
    Files.write(bags.resolve("b.JPG"), new byte[] {1});
    Files.write(bags.resolve("a.png"), new byte[] {2});
    Files.write(bags.resolve("notes.txt"), new byte[] {3});
    Files.write(dir.resolve("unsorted.jpeg"), new byte[] {4});

    List<LabelledUpload> uploads = LabelledUpload.fromPhotoFolder(dir);

    assertEquals(3, uploads.size());
    assertEquals(Encoding.PNG, uploads.get(0).image().encoding());
    assertEquals(8, uploads.get(0).label());
    assertEquals(Encoding.JPEG, uploads.get(1).image().encoding());
    assertEquals(8, uploads.get(1).label());
    assertEquals(LabelledUpload.UNLABELLED, uploads.get(2).label());
  }

  @Test
  void refusesAMissingOrEmptyFolder() throws IOException {
    assertThrows(IOException.class, () -> LabelledUpload.fromPhotoFolder(dir.resolve("nope")));
    Files.write(dir.resolve("readme.md"), new byte[] {1});
    IOException e = assertThrows(IOException.class, () -> LabelledUpload.fromPhotoFolder(dir));
    assertEquals("no .png, .jpg or .jpeg files under " + dir, e.getMessage());
  }
}
