package dev.producttagger.tagger.it;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.InputStream;

/**
 * A small model trained by the trainer (PAPER_DROPOUT, 12,000 images, 3 epochs; see its manifest),
 * for tests that need real predictions on real images.
 */
final class FixtureModel {

  static final String NAME = "fixture-paper-dropout";

  private static final String RESOURCE = "/fixtures/fixture-paper-dropout-v1.bundle";

  private FixtureModel() {}

  static byte[] bundle() throws IOException {
    try (InputStream in = FixtureModel.class.getResourceAsStream(RESOURCE)) {
      return in.readAllBytes();
    }
  }

  static void publish(EmbeddedKafkaBroker broker) throws Exception {
    TestCluster.publishModel(broker, NAME, bundle());
  }
}
