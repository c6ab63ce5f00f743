package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.kafka.client.TopicReader;
import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.runtime.ModelLoader;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.Image;
import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.events.UploadRejected;
import dev.producttagger.schemas.serde.EventSerdes;
import dev.producttagger.tagger.TaggerCommand;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.preprocessing.ImageLimits;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tagger redrive} on a real broker. Uploads rejected as too large, and malformed ones, are
 * dead-lettered with their headers; after the fix (a tagger that accepts larger images) a re-drive
 * by reason re-publishes the exact key and value bytes with the headers and re-drive markers, and
 * the tagger tags them. A re-drive by offset sends one malformed upload, which is dead-lettered
 * again and keeps its markers. The ledger refuses a second re-drive unless forced, and a dry run
 * sends nothing.
 */
class RedriveIT {

  private static final String DLQ = ProductTopics.DEAD_LETTERS;
  private static final String LEDGER = DLQ + ProductTopics.REDRIVE_LEDGER_SUFFIX;

  private static EmbeddedKafkaBroker broker;

  @TempDir Path stateDir;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary());
    broker.createTopics(ProductTopics.all(2));
    TestCluster.publishModel(broker, "tiny", TestModels.tinyBundleBytes("tiny", 1, 5));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void deadLettersAreReDrivenExactlyOnceUnlessForced() throws Exception {
    RecordHeaders traced = new RecordHeaders();
    traced.add("traceparent", "00-4bf92f3577b34da6-01".getBytes(StandardCharsets.UTF_8));
    traced.add("seller-service", new byte[] {7, 0, 7});
    List<ImageUploaded> tooLarge = List.of(largeUpload("big-1"), largeUpload("big-2"));

    try (OutputTopics outputs = new OutputTopics(broker.clientConfigs(), settings(28))) {
      try (TaggerApp strict = start(28);
          UploadProducer uploads =
              new UploadProducer(broker.clientConfigs(), ProductTopics.UPLOADS)) {
        for (ImageUploaded upload : tooLarge) {
          uploads.send(upload.productId(), EventSerdes.imageUploaded().serialize(upload), traced);
        }
        uploads.send(
            "broken-1", "{\"not\": \"an upload\"".getBytes(StandardCharsets.UTF_8), traced);
        uploads.send("broken-2", "[]".getBytes(StandardCharsets.UTF_8), traced);
        uploads.flush();
        assertEquals(4, outputs.awaitAtLeast(4, Duration.ofMinutes(2)).size());
      }
      List<ConsumerRecord<byte[], byte[]>> deadLetters = read(DLQ);
      assertEquals(4, deadLetters.size());
      for (ConsumerRecord<byte[], byte[]> deadLetter : deadLetters) {
        assertEquals(
            List.of(traced.toArray()),
            List.of(deadLetter.headers().toArray()),
            "dead letters keep the upload's headers");
      }
      int uploadsBefore = read(ProductTopics.UPLOADS).size();

      TaggerCommand dryRun = redrive("--reason", "IMAGE_TOO_LARGE", "--dry-run");
      assertEquals(0, dryRun.exitCode(), dryRun.printed());
      assertEquals(2, dryRun.out().lines().filter(l -> l.startsWith("would re-publish")).count());
      assertTrue(dryRun.out().contains("dry run: selected 2, would send 2"), dryRun.printed());
      assertEquals(uploadsBefore, read(ProductTopics.UPLOADS).size(), "a dry run sends nothing");
      assertFalse(topicExists(LEDGER), "a dry run creates nothing");

      try (TaggerApp fixed = start(4096)) {
        TaggerCommand byReason = redrive("--reason", "IMAGE_TOO_LARGE");
        assertEquals(0, byReason.exitCode(), byReason.printed());
        assertTrue(
            byReason.out().contains("selected 2, sent 2, skipped as already re-driven 0"),
            byReason.printed());
        List<ConsumerRecord<byte[], byte[]>> redriven = redriven(read(ProductTopics.UPLOADS));
        assertEquals(2, redriven.size());
        for (ConsumerRecord<byte[], byte[]> deadLetter :
            withReason(deadLetters, RejectionReason.IMAGE_TOO_LARGE)) {
          UploadRejected rejected = EventSerdes.uploadRejected().deserialize(deadLetter.value());
          ConsumerRecord<byte[], byte[]> upload = redrivenFrom(redriven, deadLetter);
          assertArrayEquals(rejected.originalKey(), upload.key());
          assertArrayEquals(rejected.originalValue(), upload.value());
          List<Header> expected = new ArrayList<>(List.of(traced.toArray()));
          expected.add(header("redriven-from", id(deadLetter)));
          expected.add(header("redrive-count", "1"));
          assertEquals(expected, List.of(upload.headers().toArray()));
        }
        List<String> tagged =
            outputs.awaitAtLeast(6, Duration.ofMinutes(2)).stream()
                .filter(output -> !output.topic().equals(DLQ))
                .map(OutputTopics.Output::eventId)
                .sorted()
                .toList();
        assertEquals(tooLarge.stream().map(ImageUploaded::eventId).sorted().toList(), tagged);

        ConsumerRecord<byte[], byte[]> malformed =
            withReason(deadLetters, RejectionReason.MALFORMED_JSON).get(0);
        TaggerCommand byOffset =
            redrive("--offset", malformed.partition() + ":" + malformed.offset());
        assertEquals(0, byOffset.exitCode(), byOffset.printed());
        assertTrue(byOffset.out().contains("selected 1, sent 1"), byOffset.printed());
        assertEquals(7, outputs.awaitAtLeast(7, Duration.ofMinutes(2)).size());
        List<ConsumerRecord<byte[], byte[]>> rejectedAgain = redriven(read(DLQ));
        assertEquals(1, rejectedAgain.size(), "the malformed upload is dead-lettered again");
        assertArrayEquals(
            EventSerdes.uploadRejected().deserialize(malformed.value()).originalValue(),
            EventSerdes.uploadRejected().deserialize(rejectedAgain.get(0).value()).originalValue());
        assertEquals(
            id(malformed),
            new String(
                rejectedAgain.get(0).headers().lastHeader("redriven-from").value(),
                StandardCharsets.UTF_8),
            "a re-driven upload rejected again keeps its markers");

        int uploadsAfter = read(ProductTopics.UPLOADS).size();
        TaggerCommand again = redrive("--reason", "IMAGE_TOO_LARGE");
        assertEquals(3, again.exitCode(), again.printed());
        assertEquals(
            2, again.err().lines().filter(l -> l.contains("already re-driven at")).count());
        assertTrue(again.out().contains("selected 2, sent 0, skipped as already re-driven 2"));
        assertEquals(uploadsAfter, read(ProductTopics.UPLOADS).size(), "nothing is sent twice");

        TaggerCommand forced = redrive("--reason", "IMAGE_TOO_LARGE", "--force");
        assertEquals(0, forced.exitCode(), forced.printed());
        assertTrue(forced.out().contains("selected 2, sent 2"), forced.printed());
        assertEquals(uploadsAfter + 2, read(ProductTopics.UPLOADS).size());
      }
    }

    // The forced copies were dead-lettered again as duplicates: how many were read varies.
    TaggerCommand nothing = redrive("--reason", "UNSUPPORTED_ENCODING");
    assertEquals(1, nothing.exitCode(), nothing.printed());
    assertTrue(
        nothing
            .err()
            .startsWith(
                "error: no dead letter on " + DLQ + " matches --reason UNSUPPORTED_ENCODING ("),
        nothing.printed());

    TaggerCommand missing = redrive("--dead-letter-topic", "no-such-topic");
    assertEquals(1, missing.exitCode(), missing.printed());
    assertTrue(
        missing
            .err()
            .contains("error: topic no-such-topic does not exist at " + broker.bootstrapServers()),
        missing.printed());
  }

  private static ImageUploaded largeUpload(String productId) {
    return new ImageUploaded(
        UUID.randomUUID().toString(),
        "seller-1",
        productId,
        Instant.now(),
        Image.gray8(56, 56, new byte[56 * 56]));
  }

  private TaggerSettings settings(int maxImageSide) {
    TaggerSettings defaults = TaggerSettings.defaults();
    return new TaggerSettings(
        defaults.uploadsTopic(),
        defaults.tagsTopic(),
        defaults.reviewTopic(),
        defaults.deadLetterTopic(),
        defaults.modelsTopic(),
        defaults.decisionsTopic(),
        defaults.labelledExamplesTopic(),
        4,
        Duration.ofMillis(50),
        OptionalDouble.empty(),
        defaults.duplicateWindow(),
        defaults.decidedRetention(),
        new ImageLimits(maxImageSide, maxImageSide));
  }

  private TaggerApp start(int maxImageSide) {
    TaggerSettings settings = settings(maxImageSide);
    return TaggerApp.start(
        TaggerStreamsConfig.properties(
            broker.clientConfigs(), "redrive-it", true, 1, stateDir, settings),
        settings,
        new ModelRegistry(
            new ModelLoader(FashionCategories.NAMES), BundleLimits.DEFAULT, Optional.empty()));
  }

  private static TaggerCommand redrive(String... options) {
    List<String> args =
        new ArrayList<>(List.of("redrive", "--bootstrap-servers", broker.bootstrapServers()));
    args.addAll(List.of(options));
    return TaggerCommand.run(args.toArray(String[]::new));
  }

  /** Every committed record of the topic. */
  private static List<ConsumerRecord<byte[], byte[]>> read(String topic) throws Exception {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    TopicReader.readAll(
        broker.connection(),
        topic,
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer(),
        records::add);
    return records;
  }

  private static List<ConsumerRecord<byte[], byte[]>> withReason(
      List<ConsumerRecord<byte[], byte[]>> deadLetters, RejectionReason reason) {
    return deadLetters.stream()
        .filter(d -> EventSerdes.uploadRejected().deserialize(d.value()).reason() == reason)
        .toList();
  }

  /** The records that carry a re-drive marker. */
  private static List<ConsumerRecord<byte[], byte[]>> redriven(
      List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().filter(r -> r.headers().lastHeader("redriven-from") != null).toList();
  }

  private static ConsumerRecord<byte[], byte[]> redrivenFrom(
      List<ConsumerRecord<byte[], byte[]>> uploads, ConsumerRecord<byte[], byte[]> deadLetter) {
    return uploads.stream()
        .filter(
            u ->
                id(deadLetter)
                    .equals(
                        new String(
                            u.headers().lastHeader("redriven-from").value(),
                            StandardCharsets.UTF_8)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no upload re-driven from " + id(deadLetter)));
  }

  private static String id(ConsumerRecord<byte[], byte[]> deadLetter) {
    return DLQ + "/" + deadLetter.partition() + "/" + deadLetter.offset();
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean topicExists(String topic) throws Exception {
    try (Admin admin = Admin.create(broker.clientConfigs())) {
      return admin.listTopics().names().get().contains(topic);
    }
  }
}
