package dev.producttagger.tagger.app;

import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running tagger instance: the Kafka Streams application around the tagging topology. */
public final class TaggerApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TaggerApp.class);

  private final KafkaStreams streams;
  private final ModelRegistry registry;

  private TaggerApp(KafkaStreams streams, ModelRegistry registry) {
    this.streams = streams;
    this.registry = registry;
  }

  /** Builds the topology and starts processing; returns at once. */
  public static TaggerApp start(
      Properties streamsProperties, TaggerSettings settings, ModelRegistry registry) {
    KafkaStreams streams =
        new KafkaStreams(
            TaggerTopology.build(settings, registry, Clock.systemUTC()), streamsProperties);
    streams.setStateListener(
        (newState, oldState) -> LOG.info("Tagger {} -> {}", oldState, newState));
    streams.start();
    return new TaggerApp(streams, registry);
  }

  public KafkaStreams streams() {
    return streams;
  }

  public ModelRegistry registry() {
    return registry;
  }

  /** Blocks until every stream thread is processing, or the timeout passes. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline || streams.state().hasCompletedShutdown()) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
