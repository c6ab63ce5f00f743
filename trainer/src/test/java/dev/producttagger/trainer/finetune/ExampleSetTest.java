package dev.producttagger.trainer.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.LabelledExample;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleSetTest {

  private final List<LabelledExample> examples = TestExamples.fromTraining(0, 6, 0, 11);

  @Test
  void hashesTheExamplesAsDocumented() throws Exception {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    examples.stream()
        .sorted(Comparator.comparing(LabelledExample::eventId))
        .forEach(
            example -> {
              byte[] eventId = example.eventId().getBytes(StandardCharsets.UTF_8);
              expected.writeBytes(new byte[] {0, 0, 0, (byte) eventId.length});
              expected.writeBytes(eventId);
              expected.write(example.label().index());
              expected.writeBytes(example.pixels());
            });
    String sha256 =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(expected.toByteArray()));

    assertEquals(sha256, ExampleSet.of(examples).sha256());
  }

  @Test
  void theHashDoesNotDependOnTheOrderTheExamplesCameIn() {
    List<LabelledExample> reversed = new ArrayList<>(examples);
    java.util.Collections.reverse(reversed);

    assertEquals(ExampleSet.of(examples).sha256(), ExampleSet.of(reversed).sha256());
    assertEquals(ExampleSet.of(examples), ExampleSet.of(reversed));
  }

  @Test
  void theHashChangesWithALabelOrAPixelButNotWithWhoDecidedWhen() {
    String original = ExampleSet.of(examples).sha256();

    List<LabelledExample> relabelled = new ArrayList<>(examples);
    LabelledExample first = relabelled.get(0);
    relabelled.set(0, TestExamples.relabelled(first, (first.label().index() + 1) % 10));
    assertNotEquals(original, ExampleSet.of(relabelled).sha256());

    List<LabelledExample> repainted = new ArrayList<>(examples);
    byte[] pixels = first.pixels();
    pixels[400] ^= 1;
    repainted.set(0, TestExamples.example(first.eventId(), pixels, first.label().index()));
    assertNotEquals(original, ExampleSet.of(repainted).sha256());

    List<LabelledExample> decidedAgain = new ArrayList<>(examples);
    decidedAgain.set(0, TestExamples.relabelled(first, first.label().index()));
    assertEquals(original, ExampleSet.of(decidedAgain).sha256());
  }

  @Test
  void givesTheImagesWithTheirLabelsInEventIdOrder() {
    LabelledImages images = ExampleSet.of(examples).images();
    List<LabelledExample> sorted =
        examples.stream().sorted(Comparator.comparing(LabelledExample::eventId)).toList();

    assertEquals(examples.size(), images.size());
    for (int i = 0; i < sorted.size(); i++) {
      assertEquals(sorted.get(i).label().index(), images.label(i));
      assertArrayEquals(sorted.get(i).pixels(), images.image(i));
    }
  }

  @Test
  void refusesTwoExamplesOfOneEventIdAndLabelsThatAreNotFashionMnistCategories() {
    List<LabelledExample> twice = new ArrayList<>(examples);
    twice.add(TestExamples.relabelled(examples.get(2), 3));
    IllegalArgumentException duplicate =
        assertThrows(IllegalArgumentException.class, () -> ExampleSet.of(twice));
    assertTrue(duplicate.getMessage().contains(examples.get(2).eventId()), duplicate.getMessage());

    LabelledExample first = examples.get(0);
    LabelledExample misnamed =
        new LabelledExample(
            first.eventId(),
            first.productId(),
            first.pixels(),
            new Category(3, "Coat"),
            first.reviewerId(),
            first.decidedAt(),
            first.model());
    IllegalArgumentException wrongName =
        assertThrows(IllegalArgumentException.class, () -> ExampleSet.of(List.of(misnamed)));
    assertTrue(
        wrongName.getMessage().contains("label 3 is \"Dress\", not \"Coat\""),
        wrongName.getMessage());
  }
}
