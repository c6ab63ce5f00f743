package dev.producttagger.trainer.cli;

import static dev.producttagger.trainer.cli.TrainerCommands.exportArguments;
import static dev.producttagger.trainer.cli.TrainerCommands.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.topics.EventTopics;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.kafka.topics.TopicSpec;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.events.LabelledExample;
import dev.producttagger.schemas.serde.EventSerdes;
import dev.producttagger.trainer.data.TestData;
import dev.producttagger.trainer.finetune.ExampleFile;
import dev.producttagger.trainer.finetune.ExampleSet;
import dev.producttagger.trainer.finetune.FineTuning;
import dev.producttagger.trainer.finetune.TestExamples;
import dev.producttagger.trainer.train.RunDirectory;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainer examples export} and {@code trainer fine-tune} against a real broker: the embedded
 * KRaft broker with a compacted labelled-examples topic holding reviewers' decisions, a decision
 * taken again and a tombstone.
 */
class FineTuneFromTopicIT {

  private static EmbeddedKafkaBroker broker;

  /** Five decisions; the second is decided again with another label, the fourth is withdrawn. */
  private static final List<LabelledExample> DECIDED = TestExamples.fromTraining(100, 5, 0, 77);

  private static final LabelledExample DECIDED_AGAIN = TestExamples.relabelled(DECIDED.get(1), 9);

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final TrainerCommands commands = new TrainerCommands(out, err);

  @BeforeAll
  static void startBrokerWithExamples() {
    broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary());
    broker.createTopics(List.of(ProductTopics.labelledExamples(1)));
    try (KafkaProducer<String, LabelledExample> producer =
        new KafkaProducer<>(
            broker.clientConfigs(),
            EventTopics.LABELLED_EXAMPLES.keySerde().serializer(),
            EventTopics.LABELLED_EXAMPLES.valueSerde().serializer())) {
      String topic = EventTopics.LABELLED_EXAMPLES.name();
      DECIDED.forEach(e -> producer.send(new ProducerRecord<>(topic, e.eventId(), e)));
      producer.send(new ProducerRecord<>(topic, DECIDED_AGAIN.eventId(), DECIDED_AGAIN));
      producer.send(new ProducerRecord<>(topic, DECIDED.get(3).eventId(), null));
      producer.flush();
    }
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  /** The topic as compaction leaves it: four examples, the second with its newer label. */
  private static ExampleSet compacted() {
    return ExampleSet.of(List.of(DECIDED.get(0), DECIDED_AGAIN, DECIDED.get(2), DECIDED.get(4)));
  }

  @Test
  void exportsTheTopicsExamplesAndFineTunesOnTheFile() throws Exception {
    Path file = dir.resolve("examples.jsonl");

    assertEquals(
        0,
        run(
            "examples",
            "export",
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--out",
            file.toString()),
        err.toString());

    assertTrue(
        out.toString().contains("wrote 4 examples (sha256 " + compacted().sha256() + ")"),
        out.toString());
    assertTrue(out.toString().contains("topic labelled-examples, offsets 0:0-6"), out.toString());
    assertEquals(compacted(), ExampleFile.read(file).examples());
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(
        new String(
            EventSerdes.labelledExample().serialize(compacted().examples().get(0)),
            StandardCharsets.UTF_8),
        lines.get(0));

    Path runDir = dir.resolve("from-file");
    assertEquals(0, run(fineTune(runDir, "--examples-file", file.toString())), err.toString());
    FineTuning fineTuning = new RunDirectory(runDir).readHistory().config().fineTuning();
    assertEquals(4, fineTuning.exampleCount());
    assertEquals(compacted().sha256(), fineTuning.examplesSha256());
    assertEquals("examples.jsonl", fineTuning.examplesOrigin().file());
  }

  @Test
  void fineTunesStraightFromTheTopicAndRecordsTheOffsetsItRead() throws Exception {
    Path runDir = dir.resolve("from-topic");

    assertEquals(
        0, run(fineTune(runDir, "--bootstrap-servers", broker.bootstrapServers())), err.toString());

    Path bundleFile = dir.resolve("tiny-v2.bundle");
    assertEquals(
        0,
        run(
            with(
                exportArguments(runDir, "tiny", 2, bundleFile),
                "--data-dir",
                TestData.fashionMnistDirectory().toString())),
        err.toString());
    Map<String, String> recorded =
        ModelBundle.read(bundleFile, BundleLimits.DEFAULT, Optional.empty())
            .manifest()
            .provenance()
            .hyperParameters();
    assertEquals("4", recorded.get("exampleCount"));
    assertEquals(compacted().sha256(), recorded.get("examplesSha256"));
    assertEquals("labelled-examples", recorded.get("examplesTopic"));
    assertEquals("0:0-6", recorded.get("examplesOffsets"));
    assertFalse(recorded.containsKey("examplesFile"));
  }

  @Test
  void refusesATopicThatIsMissingEmptyOrHoldsARecordThatIsNotAnExample() throws Exception {
    Path file = dir.resolve("examples.jsonl");
    TopicSpec spec = ProductTopics.labelledExamples(1);

    assertEquals(1, export("no-such-topic", file));
    assertTrue(err.toString().contains("topic no-such-topic does not exist"), err.toString());

    broker.createTopics(List.of(spec.withName("empty-examples")));
    assertEquals(1, export("empty-examples", file));
    assertTrue(
        err.toString().contains("topic empty-examples holds no labelled examples"), err.toString());

    broker.createTopics(List.of(spec.withName("bad-examples")));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            broker.clientConfigs(), new StringSerializer(), new ByteArraySerializer())) {
      LabelledExample good = DECIDED.get(0);
      producer.send(
          new ProducerRecord<>(
              "bad-examples", good.eventId(), EventSerdes.labelledExample().serialize(good)));
      producer.send(
          new ProducerRecord<>("bad-examples", "x", "not json".getBytes(StandardCharsets.UTF_8)));
      producer.send(
          new ProducerRecord<>(
              "bad-examples", "other-key", EventSerdes.labelledExample().serialize(good)));
      producer.flush();
    }
    assertEquals(1, export("bad-examples", file));
    assertTrue(
        err.toString().contains("topic bad-examples holds 2 record(s) that are not labelled"),
        err.toString());
    assertTrue(err.toString().contains("partition 0 offset 1: "), err.toString());
    assertTrue(
        err.toString().contains("partition 0 offset 2: key other-key is not the example's"),
        err.toString());
    assertFalse(Files.exists(file), "nothing written from a bad topic");
  }

  private int export(String topic, Path file) {
    return run(
        "examples",
        "export",
        "--bootstrap-servers",
        broker.bootstrapServers(),
        "--examples-topic",
        topic,
        "--timeout-ms",
        "5000",
        "--out",
        file.toString());
  }

  /** A one-epoch fine-tuning run of a tiny base on the examples from {@code source}. */
  private String[] fineTune(Path runDir, String... source) throws Exception {
    Path base = dir.resolve("tiny-v1.bundle");
    TestModels.tinyBundle("tiny", 1, 5).write(base, Optional.empty());
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "fine-tune",
                "--from",
                base.toString(),
                "--run-dir",
                runDir.toString(),
                "--epochs",
                "1",
                "--replay-ratio",
                "2",
                "--data-dir",
                TestData.fashionMnistDirectory().toString()));
    arguments.addAll(List.of(source));
    return arguments.toArray(String[]::new);
  }

  private int run(String... args) {
    return commands.run(args);
  }
}
