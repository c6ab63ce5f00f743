package dev.producttagger.trainer.finetune;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.LabelledExample;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Labelled examples with one per eventId, in eventId order: what a compacted {@code
 * labelled-examples} topic holds at one moment, and what a fine-tuning run learns from.
 */
public final class ExampleSet {

  private final List<LabelledExample> examples;

  private ExampleSet(List<LabelledExample> examples) {
    this.examples = examples;
  }

  /**
   * The examples in eventId order.
   *
   * @throws IllegalArgumentException if two share an eventId or one's label is not a Fashion-MNIST
   *     category
   */
  public static ExampleSet of(Collection<LabelledExample> examples) {
    List<LabelledExample> sorted =
        examples.stream().sorted(Comparator.comparing(LabelledExample::eventId)).toList();
    for (int i = 0; i < sorted.size(); i++) {
      LabelledExample example = sorted.get(i);
      if (i > 0 && sorted.get(i - 1).eventId().equals(example.eventId())) {
        throw new IllegalArgumentException("two examples have eventId " + example.eventId());
      }
      FashionCategories.problemWith(example.label())
          .ifPresent(
              problem -> {
                throw new IllegalArgumentException(example.eventId() + ": " + problem);
              });
    }
    return new ExampleSet(sorted);
  }

  public int size() {
    return examples.size();
  }

  /** The examples in eventId order. */
  public List<LabelledExample> examples() {
    return examples;
  }

  /** The examples' pixels with their labels' indices, in eventId order. */
  public LabelledImages images() {
    byte[] pixels = new byte[examples.size() * LabelledImages.PIXELS_PER_IMAGE];
    byte[] labels = new byte[examples.size()];
    for (int i = 0; i < examples.size(); i++) {
      LabelledExample example = examples.get(i);
      System.arraycopy(
          example.pixels(),
          0,
          pixels,
          i * LabelledImages.PIXELS_PER_IMAGE,
          LabelledImages.PIXELS_PER_IMAGE);
      labels[i] = (byte) example.label().index();
    }
    return new LabelledImages(pixels, labels);
  }

  /**
   * SHA-256 (lower-case hex) of what the examples teach, independent of the order they were read in
   * and of who decided when: over the examples in eventId order, each as its eventId's UTF-8 length
   * (4 bytes, big-endian) and bytes, its label index (1 byte) and its 784 pixels. Two sets hash
   * alike exactly when they hold the same images with the same labels under the same eventIds.
   */
  public String sha256() {
    MessageDigest digest = sha256Digest();
    for (LabelledExample example : examples) {
      byte[] eventId = example.eventId().getBytes(StandardCharsets.UTF_8);
      digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(eventId.length).array());
      digest.update(eventId);
      digest.update((byte) example.label().index());
      digest.update(example.pixels());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ExampleSet that && examples.equals(that.examples);
  }

  @Override
  public int hashCode() {
    return examples.hashCode();
  }

  @Override
  public String toString() {
    return "ExampleSet[" + examples.size() + " examples]";
  }
}
