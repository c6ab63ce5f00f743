package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.runtime.ModelLoader;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.bundle.InputSpec;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.bundle.WeightsCodec;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.topology.TaggerSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Poisoned bundles on the model topic of a running tagger that accepts only HMAC-signed bundles.
 * Each is rejected and counted by its reason in {@link ModelRegistry#rejectedCounts()} (what the
 * statistics expose), and uploads sent after each are still tagged by the good model's version 1.
 * Bundles over the topic's limit never reach the tagger: the producer or the broker refuses them.
 * Last, a correctly signed newer bundle is served: HMAC end to end.
 */
class PoisonedModelIT {

  /** A bundle published under the serving model's name, and the reason it must be refused for. */
  private record Poison(String kind, String reason, byte[] bundle) {}

  private static final String MODEL = "tiny";
  private static final byte[] KEY =
      "the key only the trainer and the taggers hold".getBytes(StandardCharsets.UTF_8);
  private static final int UPLOADS_AFTER_EACH = 10;

  @TempDir Path stateDir;

  private int uploadsSent;

  @Test
  void everyPoisonedBundleIsRefusedWhileTheGoodModelKeepsTagging() throws Exception {
    TaggerSettings settings = TaggerSettings.defaults().withBatch(16, Duration.ofMillis(50));
    // The limits and key check `tagger run --hmac-key-file` uses: the registry's size limit is the
    // model topic's, so no bundle the broker accepts is too large for the registry.
    ModelRegistry registry =
        new ModelRegistry(
            new ModelLoader(FashionCategories.NAMES),
            BundleLimits.DEFAULT.withMaxTotalBytes(ProductTopics.MAX_BUNDLE_BYTES),
            Optional.of(KEY));
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary())) {
      broker.createTopics(ProductTopics.all(1));
      TestCluster.publishModel(broker, MODEL, signed(TestModels.tinyBundle(MODEL, 1, 5)));
      try (TaggerApp app =
              InProcessTagger.start(broker, "poisoned-model", settings, registry, stateDir);
          UploadProducer uploads =
              new UploadProducer(broker.clientConfigs(), settings.uploadsTopic());
          OutputTopics outputs = new OutputTopics(broker.clientConfigs(), settings)) {
        assertTaggedBy(1, uploads, outputs);

        List<Poison> poisons = poisons();
        for (Poison poison : poisons) {
          long before = registry.rejectedCounts().getOrDefault(poison.reason(), 0L);
          TestCluster.publishModel(broker, MODEL, poison.bundle());
          awaitRejected(registry, poison, before + 1);
          assertTaggedBy(1, uploads, outputs);
        }

        byte[] overTheLimit = randomBytes(ProductTopics.MAX_BUNDLE_BYTES + 1);
        assertInstanceOf(
            RecordTooLargeException.class,
            assertThrows(
                    IOException.class,
                    () -> TestCluster.publishModel(broker, MODEL, overTheLimit),
                    "the publisher's producer refuses a bundle over the topic limit")
                .getCause());
        assertInstanceOf(
            RecordTooLargeException.class,
            assertThrows(
                    ExecutionException.class,
                    () -> publishPastTheProducerLimit(broker, overTheLimit),
                    "the broker refuses it from a producer that would send it")
                .getCause());

        TestCluster.publishModel(broker, MODEL, signed(TestModels.tinyBundle(MODEL, 2, 7)));
        assertTaggedBy(2, uploads, outputs);

        Map<String, Long> expected =
            poisons.stream()
                .collect(
                    Collectors.groupingBy(Poison::reason, TreeMap::new, Collectors.counting()));
        System.out.printf(
            "Poisoned models: %d poisoned bundles published, rejected by reason %s; 2 bundles over"
                + " the %d-byte topic limit refused by the producer and the broker; accepted %d"
                + " (v1, then the signed v2); %d uploads tagged, each by the version serving%n",
            poisons.size(),
            registry.rejectedCounts(),
            ProductTopics.MAX_BUNDLE_BYTES,
            registry.acceptedCount(),
            uploadsSent);
        assertEquals(expected, registry.rejectedCounts());
        assertEquals(2, registry.acceptedCount());
      }
    }
  }

  /** Every poisoned bundle, each signed with the right key unless the signature is the poison. */
  private List<Poison> poisons() {
    ModelBundle good = TestModels.tinyBundle(MODEL, 2, 11);
    Map<String, byte[]> goodEntries = unzip(signed(good));
    List<Poison> poisons = new ArrayList<>();
    poisons.add(new Poison("bytes that are not a ZIP", "NOT_A_ZIP", randomBytes(4_096)));
    poisons.add(
        new Poison(
            "random bytes just under the topic limit",
            "NOT_A_ZIP",
            randomBytes(ProductTopics.MAX_BUNDLE_BYTES - 1_024)));
    poisons.add(
        new Poison("an unsigned bundle", "SIGNATURE_MISSING", good.toBytes(Optional.empty())));
    poisons.add(
        new Poison(
            "a bundle signed with another key",
            "SIGNATURE_INVALID",
            good.toBytes(Optional.of("another key".getBytes(StandardCharsets.UTF_8)))));
    Map<String, byte[]> tampered = new LinkedHashMap<>(goodEntries);
    byte[] weights = tampered.get(ModelBundle.WEIGHTS_ENTRY).clone();
    weights[0] ^= 1;
    tampered.put(ModelBundle.WEIGHTS_ENTRY, weights);
    poisons.add(
        new Poison("weights.bin changed after signing", "CHECKSUM_MISMATCH", zip(tampered, 0)));
    Map<String, byte[]> withScript = new LinkedHashMap<>(goodEntries);
    withScript.put("../../bin/tagger", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
    poisons.add(
        new Poison(
            "an extra entry named ../../bin/tagger", "UNEXPECTED_ENTRY", zip(withScript, 0)));
    Map<String, byte[]> bomb = new LinkedHashMap<>(goodEntries);
    bomb.remove(ModelBundle.WEIGHTS_ENTRY);
    poisons.add(
        new Poison(
            "a ZIP bomb: weights.bin inflating to 100 MiB of zeros",
            "ZIP_BOMB",
            zip(bomb, 100L * 1024 * 1024)));
    poisons.add(
        new Poison(
            "a bundle predicting 5 classes",
            "WRONG_CLASSES",
            signed(
                TestModels.bundleOf(
                    TestModels.tinyNetwork(1, 5),
                    MODEL,
                    2,
                    FashionCategories.NAMES.subList(0, 5)))));
    poisons.add(
        new Poison(
            "a bundle for 3x32x32 colour input",
            "WRONG_INPUT_SHAPE",
            signed(
                TestModels.repack(
                    good,
                    new InputSpec(
                        List.of(3, 32, 32),
                        InputSpec.PIXEL_OVER_255,
                        InputSpec.ZERO_BACKGROUND_255_INK,
                        false),
                    good.networkJson(),
                    good.weights()))));
    // A JDK class that Jackson gadget chains use, in both places DL4J's JSON names classes.
    String gadget = "com.sun.rowset.JdbcRowSetImpl";
    poisons.add(
        new Poison(
            "a network naming a JDK class as a layer's weight initialisation",
            "UNTRUSTED_CLASS",
            signed(TestModels.withWeightInit(good, "{\"@class\" : \"" + gadget + "\"}"))));
    poisons.add(
        new Poison(
            "a weight distribution naming a JDK class as its type",
            "UNTRUSTED_CLASS",
            signed(
                TestModels.withWeightInit(
                    good,
                    "{\"@class\" : \"org.deeplearning4j.nn.weights.WeightInitDistribution\","
                        + " \"distribution\" : {\"type\" : \""
                        + gadget
                        + "\"}}"))));
    poisons.add(
        new Poison(
            "a network DL4J cannot build",
            "BAD_NETWORK",
            signed(
                TestModels.withNetwork(good, "{\"confs\": 42}".getBytes(StandardCharsets.UTF_8)))));
    poisons.add(
        new Poison(
            "weights for another network",
            "WEIGHTS_MISMATCH",
            signed(
                TestModels.repack(
                    good,
                    good.manifest().input(),
                    good.networkJson(),
                    WeightsCodec.encode(new float[100])))));
    float[] nan = new float[(int) good.manifest().parameterCount()];
    Arrays.fill(nan, Float.NaN);
    poisons.add(
        new Poison(
            "NaN weights",
            "PROBE_FAILED",
            signed(
                TestModels.repack(
                    good, good.manifest().input(), good.networkJson(), WeightsCodec.encode(nan)))));
    poisons.add(
        new Poison(
            "a network that builds but throws on a 28x28 image",
            "PROBE_FAILED",
            signed(
                TestModels.bundleOf(
                    denseNetworkFor100Inputs(), MODEL, 2, FashionCategories.NAMES))));
    poisons.add(
        new Poison(
            "a correctly signed older version (a replay)",
            "STALE_VERSION",
            signed(TestModels.tinyBundle(MODEL, 1, 13))));
    poisons.add(new Poison("a tombstone", "EMPTY", null));
    return poisons;
  }

  /** Sends uploads and waits until each is tagged or reviewed by {@code version} of the model. */
  private void assertTaggedBy(long version, UploadProducer uploads, OutputTopics outputs) {
    for (int i = 0; i < UPLOADS_AFTER_EACH; i++) {
      uploads.sendValid("product-" + uploadsSent++);
    }
    uploads.flush();
    List<OutputTopics.Output> all = outputs.awaitAtLeast(uploadsSent, Duration.ofMinutes(1));
    assertEquals(uploadsSent, all.size(), "every upload has an output");
    for (OutputTopics.Output output : all.subList(uploadsSent - UPLOADS_AFTER_EACH, uploadsSent)) {
      assertTrue(
          output.model() != null
              && output.model().name().equals(MODEL)
              && output.model().version() == version,
          () -> output + " should be tagged by " + MODEL + " v" + version);
    }
  }

  private static void awaitRejected(ModelRegistry registry, Poison poison, long count)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (registry.rejectedCounts().getOrDefault(poison.reason(), 0L) < count) {
      assertTrue(
          System.nanoTime() < deadline,
          () ->
              poison.kind()
                  + " should be rejected as "
                  + poison.reason()
                  + "; rejected so far: "
                  + registry.rejectedCounts());
      Thread.sleep(50);
    }
  }

  /** Sends past the producer's own check, so only the broker's limit is in the way. */
  private static void publishPastTheProducerLimit(EmbeddedKafkaBroker broker, byte[] bundle)
      throws Exception {
    Map<String, Object> props = new HashMap<>(broker.clientConfigs());
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * ProductTopics.MAX_BUNDLE_BYTES);
    try (var producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(ProductTopics.MODELS, MODEL, bundle)).get();
    }
  }

  /** Valid DL4J JSON and weights, but a first layer that wants 100 inputs, not a 28x28 image. */
  private static MultiLayerNetwork denseNetworkFor100Inputs() {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .list()
            .layer(new DenseLayer.Builder().nIn(100).nOut(10).build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(10)
                    .nOut(FashionCategories.NAMES.size())
                    .activation(Activation.SOFTMAX)
                    .build())
            .build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return network;
  }

  private static byte[] signed(ModelBundle bundle) {
    return bundle.toBytes(Optional.of(KEY));
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  private static Map<String, byte[]> unzip(byte[] zip) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  /**
   * A ZIP of {@code entries}, plus a weights.bin of {@code zeroWeightBytes} zeros if positive,
   * written a chunk at a time: a bomb costs its maker little memory too.
   */
  private static byte[] zip(Map<String, byte[]> entries, long zeroWeightBytes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(entry.getKey()));
        out.write(entry.getValue());
        out.closeEntry();
      }
      if (zeroWeightBytes > 0) {
        out.putNextEntry(new ZipEntry(ModelBundle.WEIGHTS_ENTRY));
        byte[] zeros = new byte[1024 * 1024];
        for (long written = 0; written < zeroWeightBytes; written += zeros.length) {
          out.write(zeros);
        }
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
