package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tagger end to end on a real broker with exactly-once: a trained model arrives on the model
 * topic after the uploads, real Fashion-MNIST test images are tagged, and the categories agree with
 * the known labels as often as the model's own evaluation says they should.
 */
class TaggerEndToEndIT {

  private static final int IMAGES = 1_000;

  @TempDir Path stateDir;

  @Test
  void tagsRealImagesWithTheAccuracyTheModelWasEvaluatedAt() throws Exception {
    LabelledImages test = FashionMnistTestSet.load();
    TaggerSettings settings = TaggerSettings.defaults().withBatch(32, Duration.ofMillis(50));

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary())) {
      broker.createTopics(ProductTopics.all(2));
      ModelRegistry registry = ModelRegistry.forFashionMnist(Optional.empty());
      try (TaggerApp app =
              TaggerApp.start(
                  TaggerStreamsConfig.properties(
                      broker.clientConfigs(), "e2e", true, 1, stateDir, settings),
                  settings,
                  registry);
          UploadProducer uploads =
              new UploadProducer(broker.clientConfigs(), settings.uploadsTopic());
          OutputTopics outputs = new OutputTopics(broker.clientConfigs(), settings)) {
        Map<String, Integer> labelByEventId = new HashMap<>();
        for (int i = 0; i < IMAGES; i++) {
          labelByEventId.put(uploads.sendValid("product-" + i, test.image(i)), test.label(i));
        }
        uploads.flush();
        // Uploads wait for the first model rather than being lost or dead-lettered.
        Thread.sleep(2_000);
        assertTrue(
            outputs.awaitAtLeast(1, Duration.ofMillis(500)).isEmpty(),
            "nothing is tagged before a model arrives");
        FixtureModel.publish(broker);

        List<OutputTopics.Output> all = outputs.awaitAtLeast(IMAGES, Duration.ofMinutes(2));
        all = outputs.drain(Duration.ofSeconds(2));
        assertEquals(IMAGES, all.size());
        assertEquals(
            IMAGES,
            all.stream().map(OutputTopics.Output::eventId).collect(Collectors.toSet()).size());
        assertTrue(all.stream().noneMatch(o -> o.topic().equals(settings.deadLetterTopic())));
        long correct =
            all.stream()
                .filter(
                    o ->
                        FashionCategories.NAMES
                            .get(labelByEventId.get(o.eventId()))
                            .equals(o.detail()))
                .count();
        double accuracy = (double) correct / IMAGES;
        double evaluated = registry.current().orElseThrow().manifest().metrics().testAccuracy();
        System.out.printf(
            "End-to-end accuracy on the first %d test images: %.4f (model evaluated at %.4f)%n",
            IMAGES, accuracy, evaluated);
        assertTrue(
            accuracy >= evaluated - 0.04,
            "accuracy "
                + accuracy
                + " on the first 1,000 test images, model evaluated at "
                + evaluated);
        assertEquals(1, registry.current().orElseThrow().ref().version());
      }
    }
  }
}
