package dev.producttagger.tagger.traffic;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.schemas.events.Encoding;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.Image;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * An image to upload with its true category, when known.
 *
 * @param label the category index, or {@link #UNLABELLED}
 */
public record LabelledUpload(Image image, int label) {

  public static final int UNLABELLED = -1;

  public boolean labelled() {
    return label != UNLABELLED;
  }

  /** The first {@code count} images of a Fashion-MNIST set as gray8 uploads. */
  public static List<LabelledUpload> fromDataset(LabelledImages images, int count) {
    if (count < 0 || count > images.size()) {
      throw new IllegalArgumentException(
          "asked for " + count + " images but the set holds " + images.size());
    }
    List<LabelledUpload> uploads = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      uploads.add(
          new LabelledUpload(
              Image.gray8(LabelledImages.COLUMNS, LabelledImages.ROWS, images.image(i)),
              images.label(i)));
    }
    return uploads;
  }

  /**
   * Every .png, .jpg and .jpeg file under {@code folder}, sorted by path. A photo whose parent
   * folder is named after a category (such as {@code Sneaker/} or {@code ankle-boot/}) carries that
   * label; others are unlabelled and left out of accuracy.
   */
  public static List<LabelledUpload> fromPhotoFolder(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IOException("photo folder " + folder + " is not a directory");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files =
          walk.filter(Files::isRegularFile).filter(f -> encodingOf(f) != null).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException("no .png, .jpg or .jpeg files under " + folder);
    }
    List<LabelledUpload> uploads = new ArrayList<>(files.size());
    for (Path file : files) {
      Image image = new Image(encodingOf(file), null, null, Files.readAllBytes(file));
      uploads.add(new LabelledUpload(image, labelOf(file.getParent().getFileName().toString())));
    }
    return uploads;
  }

  private static Encoding encodingOf(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".png")) {
      return Encoding.PNG;
    }
    if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
      return Encoding.JPEG;
    }
    return null;
  }

  /** The category a folder name stands for, ignoring case and separators; else UNLABELLED. */
  static int labelOf(String folderName) {
    String wanted = normalise(folderName);
    for (int i = 0; i < FashionCategories.NAMES.size(); i++) {
      if (normalise(FashionCategories.NAMES.get(i)).equals(wanted)) {
        return i;
      }
    }
    return UNLABELLED;
  }

  private static String normalise(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
  }
}
