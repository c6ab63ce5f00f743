package dev.producttagger.tagger.cli;

import dev.producttagger.kafka.cli.ClusterOptions;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.http.TaggerHttpServer;
import dev.producttagger.tagger.preprocessing.ImageLimits;
import dev.producttagger.tagger.review.Reviewers;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tagger run}: one tagger instance against a Kafka cluster, until stopped. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Tag uploads from a Kafka cluster until stopped (Ctrl-C).")
final class RunCommand implements Callable<Integer> {

  /** How long the start waits for the cluster to answer its settings question. */
  private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(15);

  @Spec CommandSpec spec;

  @Mixin ClusterOptions cluster;

  @Mixin StreamsApplicationOptions application;

  @Mixin(name = "threads")
  StreamThreadsOption threads;

  @Option(
      names = "--standby-replicas",
      defaultValue = "1",
      description =
          "Warm copies of each task's state kept on other instances, so a failed instance's"
              + " partitions resume without rebuilding their stores (default: ${DEFAULT-VALUE};"
              + " with one instance there is nowhere to keep one, and nothing is spent).")
  int standbyReplicas;

  @Option(
      names = "--rack",
      paramLabel = "ID",
      description =
          "This instance's rack or zone: standby copies go to instances on other racks, and the"
              + " consumers fetch from replicas on the same rack (client.rack).")
  String rack;

  @Option(names = "--at-least-once", description = "Use at_least_once instead of exactly_once_v2.")
  boolean atLeastOnce;

  @Option(
      names = "--commit-interval-ms",
      description =
          "How often offsets, state and outputs commit (default: "
              + TaggerStreamsConfig.EXACTLY_ONCE_COMMIT_INTERVAL_MS
              + " ms with exactly-once, Kafka Streams' own 30 s with at-least-once).")
  Long commitIntervalMs;

  @Mixin HttpOptions http;
  @Mixin TopologyOptions topology;
  @Mixin ModelOptions model;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> clientProperties = cluster.clientProperties();
    TaggerSettings settings = topology.settings();
    Properties props =
        TaggerStreamsConfig.properties(
            clientProperties,
            application.applicationId,
            !atLeastOnce,
            threads.count(),
            application.stateDir,
            settings);
    if (commitIntervalMs != null) {
      props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
    }
    TaggerStreamsConfig.fleet(props, standbyReplicas, Optional.ofNullable(rack));
    CountDownLatch stopped = new CountDownLatch(1);
    Reviewers reviewers = http.reviewers();
    HttpOptions.Bound bound = http.bind(props);
    try (TaggerHttpServer server = bound.server()) {
      // After every option is checked: a mistyped option fails at once, not after a cluster wait.
      FailoverDefaults.apply(
          props, cluster.connection(CLUSTER_TIMEOUT), spec.commandLine().getErr());
      try (TaggerApp app = TaggerApp.start(props, settings, model.registry())) {
        server.serve(app, reviewers);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
            "Dashboard: %s (API under /api, Prometheus metrics at /metrics)%n",
            bound.dashboardUrl());
        out.flush();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      server.close();
                      app.close();
                      stopped.countDown();
                    }));
        stopped.await();
      }
    }
    return 0;
  }

  /** Topology options shared with the demo. */
  static final class TopologyOptions {
    @Option(names = "--uploads-topic", defaultValue = ProductTopics.UPLOADS)
    String uploads;

    @Option(names = "--tags-topic", defaultValue = ProductTopics.TAGS)
    String tags;

    @Option(names = "--review-topic", defaultValue = ProductTopics.REVIEW)
    String review;

    @Option(names = "--dead-letter-topic", defaultValue = ProductTopics.DEAD_LETTERS)
    String deadLetters;

    @Option(names = "--models-topic", defaultValue = ProductTopics.MODELS)
    String models;

    @Option(
        names = "--decisions-topic",
        defaultValue = ProductTopics.DECISIONS,
        description =
            "Reviewers' decisions; as many partitions as the uploads topic (default:"
                + " ${DEFAULT-VALUE}).")
    String decisions;

    @Option(
        names = "--labelled-examples-topic",
        defaultValue = ProductTopics.LABELLED_EXAMPLES,
        description =
            "Where decided review images go as training examples (default: ${DEFAULT-VALUE}).")
    String labelledExamples;

    @Option(
        names = "--batch-size",
        defaultValue = "" + TaggerSettings.DEFAULT_BATCH_SIZE,
        description =
            "Classify a batch once it holds this many uploads (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
        names = "--max-wait-ms",
        defaultValue = "" + TaggerSettings.DEFAULT_MAX_WAIT_MS,
        description = "... or once its oldest upload waited this long (default: ${DEFAULT-VALUE}).")
    long maxWaitMs;

    @Option(
        names = "--threshold",
        description =
            "Confidence needed to publish a tag; below it goes to review (default: the model's,"
                + " chosen on validation data).")
    Double threshold;

    @Option(
        names = "--duplicate-window-hours",
        defaultValue = "24",
        description =
            "A repeated eventId within this window is a duplicate (default: ${DEFAULT-VALUE}).")
    long duplicateWindowHours;

    @Option(
        names = "--decided-retention-days",
        defaultValue = "" + TaggerSettings.DEFAULT_DECIDED_RETENTION_DAYS,
        description =
            "How long a decided review case is kept, so that a repeated decision for it is"
                + " dead-lettered as ALREADY_DECIDED rather than UNKNOWN_REVIEW (default:"
                + " ${DEFAULT-VALUE}).")
    long decidedRetentionDays;

    @Option(
        names = "--max-image-side",
        defaultValue = "4096",
        description = "Largest accepted width or height in pixels (default: ${DEFAULT-VALUE}).")
    int maxImageSide;

    TaggerSettings settings() {
      if (decidedRetentionDays < 1) {
        throw new IllegalArgumentException(
            "--decided-retention-days must be at least 1, got " + decidedRetentionDays);
      }
      return new TaggerSettings(
          uploads,
          tags,
          review,
          deadLetters,
          models,
          decisions,
          labelledExamples,
          batchSize,
          Duration.ofMillis(maxWaitMs),
          threshold == null ? OptionalDouble.empty() : OptionalDouble.of(threshold),
          Duration.ofHours(duplicateWindowHours),
          Duration.ofDays(decidedRetentionDays),
          new ImageLimits(maxImageSide, maxImageSide));
    }
  }
}
