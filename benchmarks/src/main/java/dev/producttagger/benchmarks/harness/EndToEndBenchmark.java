package dev.producttagger.benchmarks.harness;

import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.kafka.topics.TopicCreator;
import dev.producttagger.kafka.topics.TopicSpec;
import dev.producttagger.runtime.ServingModel;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.ValidatedBundle;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.demo.DemoModel;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.stats.TaggerStatistics;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import dev.producttagger.tagger.traffic.LabelledUpload;
import dev.producttagger.tagger.traffic.TrafficRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Tagging throughput and latency through a real broker with exactly-once: each measurement starts a
 * fresh tagger (its own application id, topics and state) on the shared embedded broker, so no run
 * sees another's uploads or warm state, and measures after unmeasured traffic of its own. The JVM
 * they share can be warmed up first ({@link #warmUpJvm}), as a long-running tagger is.
 *
 * <p>Stopping one tagger and starting the next in a warm JVM takes paths its compiled code never
 * saw: the JIT throws away and recompiles compiled methods by the hundred (187 in the six seconds
 * around one such switch, with {@code -XX:+PrintCompilation}). So each row's unmeasured traffic
 * goes on in rounds until the compilers have settled again ({@code rowWarmUp}), and only then
 * measures.
 */
public final class EndToEndBenchmark {

  /** How long each round of a row's unmeasured traffic lasts at the row's own rate. */
  public static final Duration WARM_UP = Duration.ofSeconds(3);

  /** Uploads in each round of a full-speed row's unmeasured traffic. */
  public static final int MAX_RATE_WARM_UP_UPLOADS = 3_000;

  /**
   * One row: what the traffic saw, where the tagger's stream threads spent their time, the CPU the
   * JVM (and its JIT compilers) used meanwhile, how many stream threads were in a forward pass on
   * average (1.0 is one thread classifying all the time), and the row's unmeasured rounds before.
   */
  public record Measurement(
      TrafficRun.Result traffic,
      StreamThreadTime streamThreads,
      CpuTime.Usage cpu,
      double forwardPassThreads,
      List<JvmWarmUp.Round> warmUp) {

    public Measurement {
      warmUp = List.copyOf(warmUp);
    }
  }

  /** Uploads per warm-up round of {@link #warmUpJvm}. */
  public static final int JVM_WARM_UP_ROUND_UPLOADS = 10_000;

  private final KafkaConnection connection;
  private final Map<String, Object> clientConfigs;
  private final Callable<ModelRegistry> registries;
  private final ValidatedBundle bundle;
  private final Path stateRoot;
  private final int partitions;
  private final int streamThreads;
  private final Duration commitInterval;
  private final Map<String, String> streamsOverrides;
  private final JvmWarmUp rowWarmUp;
  private int runs;

  /**
   * @param connection the broker the runs use, in this JVM or outside it
   * @param registries a new registry per tagger, as each instance has its own
   * @param bundle published to the model topic before the first run
   * @param streamsOverrides Kafka Streams properties set last, for tuning experiments
   * @param rowWarmUp when a row's unmeasured rounds may stop; a zero limit sends one round
   */
  public EndToEndBenchmark(
      KafkaConnection connection,
      Callable<ModelRegistry> registries,
      ValidatedBundle bundle,
      Path stateRoot,
      int partitions,
      int streamThreads,
      Duration commitInterval,
      Map<String, String> streamsOverrides,
      JvmWarmUp rowWarmUp) {
    this.connection = connection;
    Map<String, Object> configs = new HashMap<>(connection.clientConfig());
    configs.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
    this.clientConfigs = Map.copyOf(configs);
    this.registries = registries;
    this.bundle = bundle;
    this.stateRoot = stateRoot;
    this.partitions = partitions;
    this.streamThreads = streamThreads;
    this.commitInterval = commitInterval;
    this.streamsOverrides = Map.copyOf(streamsOverrides);
    this.rowWarmUp = rowWarmUp;
  }

  /**
   * Starts a tagger with the given batching, sends {@code uploads} at {@code imagesPerSecond} (0
   * for as fast as possible) and waits for every output.
   */
  public Measurement run(
      int batchSize, Duration maxWait, List<LabelledUpload> uploads, double imagesPerSecond)
      throws Exception {
    return run(batchSize, maxWait, uploads, imagesPerSecond, false);
  }

  /**
   * As {@link #run(int, Duration, List, double)}, publishing the model again as the next version
   * once half the uploads are sent, so the tagger swaps models under load.
   */
  public Measurement runWithSwap(
      int batchSize, Duration maxWait, List<LabelledUpload> uploads, double imagesPerSecond)
      throws Exception {
    return run(batchSize, maxWait, uploads, imagesPerSecond, true);
  }

  private Measurement run(
      int batchSize,
      Duration maxWait,
      List<LabelledUpload> uploads,
      double imagesPerSecond,
      boolean swapHalfway)
      throws Exception {
    return withTagger(
        batchSize,
        maxWait,
        (settings, app, serving) -> {
          // A new tagger's first seconds are slow (new producers and transactions, fetch sessions,
          // empty RocksDB stores, recompiled code): latency during the first 2-3 s of a run reached
          // 1.4 s against 0.15-0.25 s after. Rows measure the steady state, after unmeasured
          // traffic of their own.
          List<LabelledUpload> round = warmUp(uploads, imagesPerSecond);
          List<JvmWarmUp.Round> warmUpRounds =
              sendRounds(settings, round, imagesPerSecond, rowWarmUp, progress -> {});
          AtomicReference<CompletableFuture<Void>> swap = new AtomicReference<>();
          TaggerStatistics.ForwardPasses passesBefore = app.statistics().forwardPasses();
          CpuTime before = CpuTime.now();
          TrafficRun.Result result =
              TrafficRun.run(
                  clientConfigs,
                  settings,
                  uploads,
                  imagesPerSecond,
                  Duration.ofMinutes(10),
                  counts -> {
                    if (swapHalfway
                        && counts.expected() >= uploads.size() / 2
                        && swap.get() == null) {
                      swap.set(CompletableFuture.runAsync(() -> publishNextVersion(serving)));
                    }
                  });
          CpuTime after = CpuTime.now();
          long forwardNanos = app.statistics().forwardPasses().nanos() - passesBefore.nanos();
          double forwardThreads = (double) forwardNanos / (after.nanoTime() - before.nanoTime());
          if (swap.get() != null) {
            swap.get().join();
          }
          return new Measurement(
              result,
              StreamThreadTime.of(app.streams().metrics()),
              after.since(before),
              forwardThreads,
              warmUpRounds);
        });
  }

  /**
   * Sends rounds of {@link #JVM_WARM_UP_ROUND_UPLOADS} uploads at full speed through one unmeasured
   * tagger until {@code rule} says the JVM is warm, so that the rows after it measure the tagger
   * rather than the JIT compiling it.
   *
   * @param progress called with each round as it ends
   * @return every round, in order
   */
  public List<JvmWarmUp.Round> warmUpJvm(
      int batchSize,
      Duration maxWait,
      List<LabelledUpload> images,
      JvmWarmUp rule,
      Consumer<JvmWarmUp.Round> progress)
      throws Exception {
    return withTagger(
        batchSize,
        maxWait,
        (settings, app, serving) ->
            sendRounds(settings, cycle(images, JVM_WARM_UP_ROUND_UPLOADS), 0, rule, progress));
  }

  /**
   * Sends {@code round} at {@code imagesPerSecond} (0: full speed) again and again until {@code
   * rule} is done, each round waiting for its every output.
   */
  private List<JvmWarmUp.Round> sendRounds(
      TaggerSettings settings,
      List<LabelledUpload> round,
      double imagesPerSecond,
      JvmWarmUp rule,
      Consumer<JvmWarmUp.Round> progress)
      throws Exception {
    List<JvmWarmUp.Round> rounds = new ArrayList<>();
    long started = System.nanoTime();
    JvmWarmUp.Round last;
    do {
      CpuTime before = CpuTime.now();
      TrafficRun.Result result =
          TrafficRun.run(
              clientConfigs, settings, round, imagesPerSecond, Duration.ofMinutes(10), c -> {});
      if (!result.complete()) {
        throw new IllegalStateException(
            "unmeasured warm-up: not every upload had an output: " + result.counts());
      }
      last =
          new JvmWarmUp.Round(
              rounds.size() + 1,
              round.size(),
              result.throughput(),
              CpuTime.now().since(before).jitCores());
      rounds.add(last);
      progress.accept(last);
    } while (!rule.done(last, Duration.ofNanos(System.nanoTime() - started)));
    return rounds;
  }

  /** What to do with a started tagger that serves the benchmark's model. */
  @FunctionalInterface
  private interface TaggerWork<T> {
    T run(TaggerSettings settings, TaggerApp app, ServingModel serving) throws Exception;
  }

  /**
   * Starts a fresh tagger with its own topics, state and application id, publishes the model, and
   * runs {@code work} once the model is serving.
   */
  private <T> T withTagger(int batchSize, Duration maxWait, TaggerWork<T> work) throws Exception {
    String name = "bench-" + (++runs);
    TaggerSettings defaults = TaggerSettings.defaults();
    TaggerSettings settings =
        new TaggerSettings(
            name + "-uploads",
            name + "-tags",
            name + "-review",
            name + "-dlq",
            defaults.modelsTopic(),
            name + "-decisions",
            name + "-examples",
            batchSize,
            maxWait,
            defaults.threshold(),
            defaults.duplicateWindow(),
            defaults.decidedRetention(),
            defaults.imageLimits());
    List<TopicSpec> topics = new ArrayList<>();
    topics.add(new TopicSpec(settings.uploadsTopic(), partitions, Map.of()));
    topics.add(new TopicSpec(settings.tagsTopic(), partitions, Map.of()));
    topics.add(new TopicSpec(settings.reviewTopic(), partitions, Map.of()));
    topics.add(new TopicSpec(settings.deadLetterTopic(), partitions, Map.of()));
    topics.add(new TopicSpec(settings.decisionsTopic(), partitions, Map.of()));
    topics.add(new TopicSpec(settings.labelledExamplesTopic(), partitions, Map.of()));
    topics.add(ProductTopics.models());
    createTopics(topics);
    ModelRegistry registry = registries.call();
    Path stateDir = Files.createDirectories(stateRoot.resolve(name));
    Properties props =
        TaggerStreamsConfig.properties(
            clientConfigs, name, true, streamThreads, stateDir, settings);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    props.putAll(streamsOverrides);
    try (TaggerApp app = TaggerApp.start(props, settings, registry)) {
      if (!app.awaitRunning(Duration.ofSeconds(120))) {
        throw new IllegalStateException("the tagger did not start: " + app.streams().state());
      }
      DemoModel.ensurePublished(connection, settings, registry, bundle);
      ServingModel serving = DemoModel.awaitServing(registry, Duration.ofSeconds(60));
      return work.run(settings, app, serving);
    }
  }

  private void createTopics(List<TopicSpec> topics) throws InterruptedException {
    try (Admin admin = Admin.create(clientConfigs)) {
      TopicCreator.createMissing(
          admin, topics, Optional.of((short) 1), connection.timeout().toMillis());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "timed out creating the run's topics on " + connection.bootstrapServers(), e);
    }
  }

  /**
   * One round of a row's unmeasured traffic: {@link #WARM_UP} of it at {@code imagesPerSecond}, or
   * {@link #MAX_RATE_WARM_UP_UPLOADS} uploads at full speed.
   */
  static List<LabelledUpload> warmUp(List<LabelledUpload> uploads, double imagesPerSecond) {
    int count =
        imagesPerSecond > 0
            ? (int) Math.ceil(imagesPerSecond * WARM_UP.toMillis() / 1000.0)
            : MAX_RATE_WARM_UP_UPLOADS;
    return cycle(uploads, count);
  }

  /** {@code count} uploads: {@code images} in order, repeated from the start as often as needed. */
  public static List<LabelledUpload> cycle(List<LabelledUpload> images, int count) {
    List<LabelledUpload> uploads = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      uploads.add(images.get(i % images.size()));
    }
    return uploads;
  }

  /** The same model as the next version, which the tagger validates, loads and swaps in. */
  private void publishNextVersion(ServingModel serving) {
    BundleManifest next = bundle.manifest().withVersion(serving.ref().version() + 1);
    try {
      new ModelTopic(connection, TaggerSettings.defaults().modelsTopic())
          .publish(next.name(), bundle.bytesWith(next, Optional.empty()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
