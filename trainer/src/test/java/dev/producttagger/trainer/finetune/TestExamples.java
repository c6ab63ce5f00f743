package dev.producttagger.trainer.finetune;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.LabelledExample;
import dev.producttagger.schemas.events.ModelRef;
import dev.producttagger.trainer.data.TestData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Labelled examples for tests, made from Fashion-MNIST training images. */
public final class TestExamples {

  private static final ModelRef MODEL = new ModelRef("tiny", 1, "ab".repeat(32));

  private TestExamples() {}

  /**
   * Training images {@code from} to {@code from + count - 1} as examples with their own labels
   * shifted by {@code labelShift} classes (0: the true label), each under an eventId made from
   * {@code seed} and its index.
   */
  public static List<LabelledExample> fromTraining(int from, int count, int labelShift, long seed) {
    LabelledImages images = TestData.fashionMnistTrain();
    List<LabelledExample> examples = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      int label = (images.label(i) + labelShift) % FashionCategories.NAMES.size();
      examples.add(example(new UUID(seed, i).toString(), images.image(i), label));
    }
    return examples;
  }

  /** An example of {@code pixels} labelled {@code label} under {@code eventId}. */
  public static LabelledExample example(String eventId, byte[] pixels, int label) {
    return new LabelledExample(
        eventId,
        "product-" + eventId.substring(0, 8),
        pixels,
        category(label),
        "reviewer-1",
        Instant.parse("2026-12-01T10:00:00Z"),
        MODEL);
  }

  /** The same example with another label. */
  public static LabelledExample relabelled(LabelledExample example, int label) {
    return new LabelledExample(
        example.eventId(),
        example.productId(),
        example.pixels(),
        category(label),
        example.reviewerId(),
        example.decidedAt().plusSeconds(60),
        example.model());
  }

  public static Category category(int label) {
    return new Category(label, FashionCategories.NAMES.get(label));
  }
}
