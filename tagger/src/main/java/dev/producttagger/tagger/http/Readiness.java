package dev.producttagger.tagger.http;

import dev.producttagger.tagger.app.TaggerApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/** Whether the instance can do its job, and if not, why: {@code GET /ready}. */
@FunctionalInterface
interface Readiness {

  /** Empty when ready; otherwise what is missing, for a human. */
  Optional<String> notReadyBecause();

  /** Ready when Kafka Streams is RUNNING, no store is being restored, and a model is serving. */
  static Readiness of(TaggerApp app) {
    return () -> {
      List<String> missing = new ArrayList<>(2);
      KafkaStreams.State state = app.streams().state();
      if (state != KafkaStreams.State.RUNNING) {
        missing.add("Kafka Streams is " + state);
      }
      int restoring = app.restoringStores();
      if (restoring > 0) {
        missing.add("restoring " + restoring + " store partition(s) from their changelogs");
      }
      if (app.registry().current().isEmpty()) {
        missing.add("no model is serving yet");
      }
      return missing.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", missing));
    };
  }
}
