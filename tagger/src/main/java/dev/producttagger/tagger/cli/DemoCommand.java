package dev.producttagger.tagger.cli;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.schemas.topics.ProductTopics;
import dev.producttagger.schemas.topics.TopicSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tagger demo}: the product on the embedded default. Starts a real single-node KRaft broker
 * with a persistent data directory and creates the product's topics.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run the product on an embedded Kafka broker (no Docker needed).")
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      defaultValue = "demo-data/kafka",
      description = "Broker data directory, kept between runs (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "Broker port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--partitions",
      defaultValue = "" + ProductTopics.DEFAULT_PARTITIONS,
      description = "Partitions of the upload and output topics (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--serve", description = "Keep the broker running until Ctrl-C.")
  boolean serve;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(
            EmbeddedKafkaConfig.temporary().withPort(port).withDataDir(dataDir))) {
      broker.createTopics(ProductTopics.all(partitions));
      out.println(
          "Embedded Kafka broker (KRaft) at "
              + broker.bootstrapServers()
              + ", data in "
              + broker.dataDir().toAbsolutePath());
      for (TopicSpec topic : ProductTopics.all(partitions)) {
        out.printf(
            "  topic %s: %d partition(s), %s%n", topic.name(), topic.partitions(), topic.configs());
      }
      out.flush();
      if (serve) {
        out.println("Serving until Ctrl-C.");
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
      }
    }
    return 0;
  }
}
