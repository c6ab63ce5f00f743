package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.events.UploadRejected;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.topology.TaggerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input in {@link UploadCatalogue}, each between two valid uploads of real
 * Fashion-MNIST test images, through a tagger on a real broker with exactly-once. Record by record
 * (by source offset), each bad one is dead-lettered with exactly its expected reason and its
 * original key and value bytes, each good one is tagged or sent to review, the stream keeps
 * running, and a read_committed reader counts in = tagged + review + dead letters.
 */
class BadInputIT {

  /** One record as sent, and where it landed. */
  private record Sent(UploadCatalogue.Sample sample, RecordMetadata where) {
    String source() {
      return where.partition() + "@" + where.offset();
    }
  }

  @TempDir Path stateDir;

  @Test
  void everyBadUploadIsDeadLetteredWithItsReasonAndTheStreamGoesOn() throws Exception {
    UploadCatalogue catalogue =
        new UploadCatalogue(
            FashionMnist.loadTest(
                Path.of(System.getProperty("fashionMnist.directory", "../data/fashion-mnist"))));
    List<UploadCatalogue.Sample> odd = catalogue.oddSamples();
    // At 0.15 the untrained tiny model tags some uploads and sends the rest to review, so the count
    // in = tagged + review + dead letters spans all three topics.
    TaggerSettings settings =
        TaggerSettings.defaults().withBatch(32, Duration.ofMillis(50)).withThreshold(0.15);

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary())) {
      broker.createTopics(ProductTopics.all(2));
      TestCluster.publishModel(broker, "tiny", TestModels.tinyBundleBytes("tiny", 1, 5));
      try (TaggerApp app =
              InProcessTagger.start(
                  broker, "bad-input", settings, InProcessTagger.unsignedRegistry(), stateDir);
          UploadProducer uploads =
              new UploadProducer(broker.clientConfigs(), settings.uploadsTopic());
          OutputTopics outputs = new OutputTopics(broker.clientConfigs(), settings)) {
        List<Sent> sent = send(uploads, odd, catalogue);

        outputs.awaitAtLeast(sent.size(), Duration.ofMinutes(2));
        List<OutputTopics.Output> all = outputs.drain(Duration.ofSeconds(3));

        Map<String, List<OutputTopics.Output>> bySource =
            all.stream().collect(Collectors.groupingBy(OutputTopics.Output::source));
        Map<String, UploadRejected> deadLetterBySource =
            outputs.deadLetters().stream()
                .collect(
                    Collectors.toMap(
                        d -> d.source().partition() + "@" + d.source().offset(),
                        Function.identity()));
        List<String> problems = new ArrayList<>();
        for (Sent record : sent) {
          problems.addAll(
              check(
                  record,
                  bySource.getOrDefault(record.source(), List.of()),
                  deadLetterBySource.get(record.source()),
                  settings));
        }

        Map<String, Long> byTopic = OutputTopics.countByTopic(all);
        Map<RejectionReason, Long> byReason =
            outputs.deadLetters().stream()
                .collect(
                    Collectors.groupingBy(
                        UploadRejected::reason, TreeMap::new, Collectors.counting()));
        long kinds = odd.stream().filter(s -> s.rejectedAs().isPresent()).count();
        System.out.printf(
            "Bad input: %d records in (%d kinds of bad input, %d odd but valid, %d plain);"
                + " tagged %d, review %d, dead letters %d %s; streams %s%n",
            sent.size(),
            kinds,
            odd.size() - kinds,
            sent.size() - odd.size(),
            byTopic.getOrDefault(settings.tagsTopic(), 0L),
            byTopic.getOrDefault(settings.reviewTopic(), 0L),
            byTopic.getOrDefault(settings.deadLetterTopic(), 0L),
            byReason,
            app.streams().state());

        assertEquals(List.of(), problems, "records without their expected outcome");
        assertEquals(
            sent.size(),
            all.size(),
            "in = tagged + review + dead letters: " + byTopic + ", " + sent.size() + " in");
        assertEquals(KafkaStreams.State.RUNNING, app.streams().state());
      }
    }
  }

  /** The odd samples, each after a plain valid upload, so bad input is mixed into a good stream. */
  private static List<Sent> send(
      UploadProducer uploads, List<UploadCatalogue.Sample> odd, UploadCatalogue catalogue)
      throws Exception {
    List<UploadCatalogue.Sample> samples = new ArrayList<>();
    for (UploadCatalogue.Sample sample : odd) {
      samples.add(catalogue.plain());
      samples.add(sample);
    }
    samples.add(catalogue.plain());
    List<Future<RecordMetadata>> pending = new ArrayList<>();
    for (UploadCatalogue.Sample sample : samples) {
      pending.add(uploads.sendRaw(sample.key(), sample.value()));
    }
    uploads.flush();
    List<Sent> sent = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      sent.add(new Sent(samples.get(i), pending.get(i).get()));
    }
    return sent;
  }

  /** What is wrong with the outcome of one record; empty if it is what its sample expects. */
  private static List<String> check(
      Sent record,
      List<OutputTopics.Output> outcomes,
      UploadRejected deadLetter,
      TaggerSettings settings) {
    String name = record.sample().kind() + " (" + record.source() + ")";
    if (outcomes.size() != 1) {
      return List.of(name + ": " + outcomes.size() + " outputs instead of one");
    }
    Optional<RejectionReason> expected = record.sample().rejectedAs();
    boolean deadLettered = outcomes.get(0).topic().equals(settings.deadLetterTopic());
    if (expected.isEmpty()) {
      return deadLettered
          ? List.of(name + ": dead-lettered but valid: " + deadLetter.detail())
          : List.of();
    }
    if (!deadLettered) {
      return List.of(name + ": sent to " + outcomes.get(0).topic() + ", not " + expected.get());
    }
    List<String> problems = new ArrayList<>();
    if (deadLetter.reason() != expected.get()) {
      problems.add(
          name
              + ": "
              + deadLetter.reason()
              + " instead of "
              + expected.get()
              + ": "
              + deadLetter.detail());
    }
    if (!Arrays.equals(record.sample().key(), deadLetter.originalKey())
        || !Arrays.equals(record.sample().value(), deadLetter.originalValue())) {
      problems.add(name + ": the dead letter does not carry the original key and value bytes");
    }
    return problems;
  }
}
