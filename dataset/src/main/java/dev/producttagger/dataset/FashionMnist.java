package dev.producttagger.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The canonical Fashion-MNIST files (Zalando's four gzipped IDX files). Loading verifies each
 * file's SHA-256 first, so a run can never train or report on a silently different dataset.
 */
public final class FashionMnist {

  /** One canonical file and the SHA-256 of its bytes as Zalando publishes them (gzipped). */
  public record CanonicalFile(String name, String sha256) {}

  public static final CanonicalFile TRAIN_IMAGES =
      new CanonicalFile(
          "train-images-idx3-ubyte.gz",
          "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84");
  public static final CanonicalFile TRAIN_LABELS =
      new CanonicalFile(
          "train-labels-idx1-ubyte.gz",
          "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845");
  public static final CanonicalFile TEST_IMAGES =
      new CanonicalFile(
          "t10k-images-idx3-ubyte.gz",
          "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073");
  public static final CanonicalFile TEST_LABELS =
      new CanonicalFile(
          "t10k-labels-idx1-ubyte.gz",
          "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5");

  public static final List<CanonicalFile> FILES =
      List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

  public static final int TRAIN_SIZE = 60_000;
  public static final int TEST_SIZE = 10_000;

  private FashionMnist() {}

  /** The 60,000 training images from {@code directory}, after checksum verification. */
  public static LabelledImages loadTrain(Path directory) throws IOException {
    return load(directory, TRAIN_IMAGES, TRAIN_LABELS, TRAIN_SIZE);
  }

  /** The 10,000 test images from {@code directory}, after checksum verification. */
  public static LabelledImages loadTest(Path directory) throws IOException {
    return load(directory, TEST_IMAGES, TEST_LABELS, TEST_SIZE);
  }

  /** Throws when the file's SHA-256 is not the canonical one. */
  public static void verify(Path directory, CanonicalFile canonical) throws IOException {
    Path file = directory.resolve(canonical.name());
    String actual = sha256(file);
    if (!actual.equals(canonical.sha256())) {
      throw new DatasetFormatException(
          file,
          "whole file",
          "SHA-256 "
              + actual
              + " is not the canonical Fashion-MNIST checksum "
              + canonical.sha256());
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static LabelledImages load(
      Path directory, CanonicalFile images, CanonicalFile labels, int expectedSize)
      throws IOException {
    verify(directory, images);
    verify(directory, labels);
    LabelledImages loaded =
        IdxReader.read(directory.resolve(images.name()), directory.resolve(labels.name()));
    if (loaded.size() != expectedSize) {
      throw new IllegalStateException(
          "canonical file " + images.name() + " verified but holds " + loaded.size() + " images");
    }
    return loaded;
  }
}
