package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.runtime.ModelLoader;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.tagger.TaggerCommand;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import dev.producttagger.tagger.topology.TaggerTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tagger replay} on a real broker: uploads tagged once are tagged again, with the same
 * category and confidence, after the application is stopped, replayed to the earliest offsets and
 * started again; the duplicate-eventId window was reset with everything else, so nothing is
 * rejected. A replay is refused while the application runs.
 */
class ReplayIT {

  private static final String APPLICATION_ID = "replay-it";
  private static final int UPLOADS = 40;

  @TempDir Path stateDir;

  /**
   * One upload per forward pass. Batches form by count and by wall-clock wait, so two runs can
   * batch an upload with different neighbours, and that can move a confidence in its sixth decimal
   * (seen: 0.245417, then 0.245418); this test is about what the replay resets, not batching.
   */
  private final TaggerSettings settings =
      TaggerSettings.defaults().withBatch(1, Duration.ofMillis(50));

  @Test
  void aReplayTagsEveryUploadAgainWithTheSameResult() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary())) {
      broker.createTopics(ProductTopics.all(2));
      replayUploads(broker);
    }
  }

  private void replayUploads(EmbeddedKafkaBroker broker) throws Exception {
    try (OutputTopics outputs = new OutputTopics(broker.clientConfigs(), settings)) {
      TestCluster.publishModel(broker, "tiny", TestModels.tinyBundleBytes("tiny", 1, 11));
      try (UploadProducer uploads =
          new UploadProducer(broker.clientConfigs(), ProductTopics.UPLOADS)) {
        for (int i = 0; i < UPLOADS; i++) {
          uploads.sendValid("product-" + i);
        }
      }

      List<OutputTopics.Output> firstRun;
      try (TaggerApp tagger = start(broker)) {
        firstRun = outputs.awaitAtLeast(UPLOADS, Duration.ofMinutes(2));
        assertEquals(UPLOADS, firstRun.size());

        TaggerCommand whileRunning = replay(broker, "--to-earliest");
        assertEquals(1, whileRunning.exitCode(), whileRunning.printed());
        assertTrue(
            whileRunning.err().contains("is still active and has following members"),
            whileRunning.printed());
        assertTrue(Files.exists(stateDir.resolve(APPLICATION_ID)), "a refused replay keeps state");

        // A stopped `tagger run` stays a member until its session times out; leaving is quicker.
        tagger
            .streams()
            .close(
                CloseOptions.groupMembershipOperation(
                        CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
      }

      TaggerCommand missingPartition = replay(broker, "--to-offset", "0:0");
      assertEquals(1, missingPartition.exitCode(), missingPartition.printed());
      assertTrue(
          missingPartition
              .err()
              .contains(
                  "--to-offset needs an offset for every partition of product-image-uploads;"
                      + " missing: 1"),
          missingPartition.printed());

      TaggerCommand dryRun = replay(broker, "--to-earliest", "--dry-run");
      assertEquals(0, dryRun.exitCode(), dryRun.printed());
      assertTrue(dryRun.out().contains("would delete the local state in"), dryRun.printed());
      assertEquals(
          Set.of(bufferChangelog(), windowChangelog(), latestTagChangelog(), reviewCaseChangelog()),
          internalTopics(broker));
      assertTrue(Files.exists(stateDir.resolve(APPLICATION_ID)), "a dry run keeps state");

      TaggerCommand replay = replay(broker, "--to-earliest");
      assertEquals(0, replay.exitCode(), replay.printed());
      assertTrue(
          replay.out().contains("Topic: product-image-uploads Partition: 0 Offset: 0"),
          replay.printed());
      assertTrue(replay.out().contains(windowChangelog()), replay.printed());
      assertFalse(Files.exists(stateDir.resolve(APPLICATION_ID)), replay.printed());
      assertEquals(Set.of(), internalTopics(broker));

      List<OutputTopics.Output> all;
      try (TaggerApp tagger = start(broker)) {
        all = outputs.awaitAtLeast(2 * UPLOADS, Duration.ofMinutes(2));
        all = outputs.drain(Duration.ofSeconds(2));
      }
      List<OutputTopics.Output> secondRun = all.subList(UPLOADS, all.size());
      assertEquals(UPLOADS, secondRun.size(), "every upload is tagged again, once");
      assertTrue(
          secondRun.stream().noneMatch(o -> o.topic().equals(settings.deadLetterTopic())),
          "the duplicate window was reset: " + secondRun);
      assertEquals(byEventId(firstRun), byEventId(secondRun));
    }
  }

  private TaggerApp start(EmbeddedKafkaBroker broker) {
    ModelRegistry registry =
        new ModelRegistry(
            new ModelLoader(FashionCategories.NAMES), BundleLimits.DEFAULT, Optional.empty());
    return TaggerApp.start(
        TaggerStreamsConfig.properties(
            broker.clientConfigs(), APPLICATION_ID, true, 1, stateDir, settings),
        settings,
        registry);
  }

  private TaggerCommand replay(EmbeddedKafkaBroker broker, String... startOptions) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "replay",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--application-id",
                APPLICATION_ID,
                "--state-dir",
                stateDir.toString()));
    args.addAll(List.of(startOptions));
    return TaggerCommand.run(args.toArray(String[]::new));
  }

  /** What each upload became: its output topic, category and confidence. */
  private static Map<String, List<Object>> byEventId(List<OutputTopics.Output> outputs) {
    return outputs.stream()
        .collect(
            Collectors.toMap(
                OutputTopics.Output::eventId,
                o -> List.of(o.topic(), o.detail(), o.confidence()),
                (a, b) -> {
                  throw new AssertionError("an eventId was tagged twice in one run: " + a);
                }));
  }

  private static Set<String> internalTopics(EmbeddedKafkaBroker broker) throws Exception {
    try (Admin admin = Admin.create(broker.clientConfigs())) {
      return admin.listTopics().names().get().stream()
          .filter(name -> name.startsWith(APPLICATION_ID + "-"))
          .collect(Collectors.toSet());
    }
  }

  private static String bufferChangelog() {
    return APPLICATION_ID + "-upload-batch-buffer-changelog";
  }

  private static String latestTagChangelog() {
    return APPLICATION_ID + "-" + TaggerTopology.LATEST_TAG_STORE + "-changelog";
  }

  private static String reviewCaseChangelog() {
    return APPLICATION_ID + "-" + TaggerTopology.REVIEW_CASE_STORE + "-changelog";
  }

  private static String windowChangelog() {
    return APPLICATION_ID + "-seen-event-ids-changelog";
  }
}
