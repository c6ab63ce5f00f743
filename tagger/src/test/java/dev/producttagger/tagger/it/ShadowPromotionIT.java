package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.kafka.topics.EventTopics;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.LabelledExample;
import dev.producttagger.schemas.events.ModelRef;
import dev.producttagger.tagger.TaggerCommand;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.topology.TaggerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow models and promotion on a real broker: a shadow on the model topic runs beside the serving
 * model in a live tagger; {@code models promote} measures both on the reviewers' labelled examples
 * the shadow never saw, refuses with too few of them, promotes a better shadow (the tagger
 * switches, the shadow retires), refuses a worse one unless forced; a tagger that replays the model
 * topic from the start ends in the same state; rollback still works.
 */
class ShadowPromotionIT {

  private static final int EXAMPLES = 120;

  @TempDir Path dir;

  @Test
  void aBetterShadowEarnsItsPromotionAndAWorseOneDoesNot() throws Exception {
    LabelledImages test = FashionMnistTestSet.load();
    TaggerSettings settings = TaggerSettings.defaults();
    ModelRegistry registry = ModelRegistry.forFashionMnist(Optional.empty());
    // An untrained network serves; the trainer's small fixture model is the shadow.
    byte[] untrained = TestModels.tinyBundle("untrained", 1, 5).toBytes(Optional.empty());
    byte[] fixture = FixtureModel.bundle();

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary())) {
      broker.createTopics(ProductTopics.all(1));
      TestCluster.publishModel(broker, "untrained", untrained);
      TestCluster.publishModel(broker, ModelTopic.SHADOW_KEY, fixture);
      try (TaggerApp tagger =
          InProcessTagger.start(broker, "promotion", settings, registry, dir.resolve("state"))) {
        TestCluster.awaitServing(registry, 1);
        awaitShadow(registry, FixtureModel.NAME);

        publishExamples(broker, settings, test);
        TaggerCommand tooFew = TestCluster.models(broker, "promote", "--min-decided", "500");
        assertEquals(3, tooFew.exitCode(), tooFew.printed());
        assertTrue(
            tooFew.out().contains("decided uploads the shadow never saw (decided after "),
            tooFew.printed());
        assertTrue(tooFew.out().contains("): " + EXAMPLES + "\n"), "the early one is left out");

        TaggerCommand promoted = TestCluster.models(broker, "promote");
        assertEquals(0, promoted.exitCode(), promoted.printed());
        assertTrue(promoted.out().contains("95% interval"), promoted.printed());
        assertTrue(
            promoted
                .out()
                .contains("promoted " + FixtureModel.NAME + " v1: it serves as version 2"),
            promoted.printed());
        BundleManifest serving = TestCluster.awaitServing(registry, 2);
        assertEquals(FixtureModel.NAME, serving.name());
        assertEquals(1, serving.republishedFrom().version());
        awaitNoShadow(registry);

        TaggerCommand noShadow = TestCluster.models(broker, "promote");
        assertEquals(1, noShadow.exitCode(), noShadow.printed());
        assertTrue(noShadow.err().contains("no shadow model"), noShadow.printed());

        TestCluster.publishModel(broker, ModelTopic.SHADOW_KEY, untrained);
        awaitShadow(registry, "untrained");
        TaggerCommand worse = TestCluster.models(broker, "promote");
        assertEquals(3, worse.exitCode(), worse.printed());
        assertTrue(worse.out().contains("does not beat the serving model"), worse.printed());
        assertEquals(2, registry.current().orElseThrow().ref().version(), "nothing changed");
        TaggerCommand forced = TestCluster.models(broker, "promote", "--force");
        assertEquals(0, forced.exitCode(), forced.printed());
        assertEquals("untrained", TestCluster.awaitServing(registry, 3).name());

        TaggerCommand rollback = TestCluster.models(broker, "rollback", "--to-version", "2");
        assertEquals(0, rollback.exitCode(), rollback.printed());
        assertEquals(FixtureModel.NAME, TestCluster.awaitServing(registry, 4).name());
      }

      // A new tagger replays the model topic from its start and lands where the first one is.
      ModelRegistry replayed = ModelRegistry.forFashionMnist(Optional.empty());
      try (TaggerApp fresh =
          InProcessTagger.start(broker, "replayed", settings, replayed, dir.resolve("fresh"))) {
        assertEquals(FixtureModel.NAME, TestCluster.awaitServing(replayed, 4).name());
        assertTrue(replayed.shadow().isEmpty(), "the forced promotion retired the shadow");
      }
    }
  }

  /** The test images' true labels as reviewers' decisions, made now; one made long ago. */
  private static void publishExamples(
      EmbeddedKafkaBroker broker, TaggerSettings settings, LabelledImages test) {
    var topic = EventTopics.LABELLED_EXAMPLES.named(settings.labelledExamplesTopic());
    ModelRef asked = new ModelRef("untrained", 1, "0".repeat(64));
    try (KafkaProducer<String, LabelledExample> producer =
        new KafkaProducer<>(
            broker.clientConfigs(),
            topic.keySerde().serializer(),
            topic.valueSerde().serializer())) {
      for (int i = 0; i <= EXAMPLES; i++) {
        int label = test.label(i);
        // The first was decided before the shadow existed: it could have trained it.
        Instant decidedAt = i == 0 ? Instant.parse("2020-01-01T00:00:00Z") : Instant.now();
        LabelledExample example =
            new LabelledExample(
                UUID.randomUUID().toString(),
                "product-" + i,
                test.image(i),
                new Category(label, FashionCategories.NAMES.get(label)),
                "reviewer-1",
                decidedAt,
                asked);
        producer.send(new ProducerRecord<>(topic.name(), example.eventId(), example));
      }
    }
  }

  private static void awaitShadow(ModelRegistry registry, String name) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!registry.shadow().map(s -> s.ref().name().equals(name)).orElse(false)
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(name, registry.shadow().orElseThrow().ref().name());
  }

  private static void awaitNoShadow(ModelRegistry registry) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (registry.shadow().isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(registry.shadow().isEmpty(), "the shadow was retired");
  }
}
