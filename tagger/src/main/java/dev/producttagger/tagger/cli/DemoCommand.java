package dev.producttagger.tagger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.runtime.ServingModel;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.ValidatedBundle;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.demo.DemoModel;
import dev.producttagger.tagger.demo.DemoSummary;
import dev.producttagger.tagger.http.TaggerHttpServer;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.review.Reviewers;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import dev.producttagger.tagger.traffic.LabelledUpload;
import dev.producttagger.tagger.traffic.OutcomeCounts;
import dev.producttagger.tagger.traffic.TrafficRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code tagger demo}: the whole product on the embedded default. Starts a real single-node KRaft
 * broker with a persistent data directory, publishes the shipped model, starts the tagger, replays
 * Fashion-MNIST test images (and optionally photos) as seller uploads and prints what came out.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the product on an embedded Kafka broker (no Docker needed): publish the shipped model,"
            + " tag Fashion-MNIST test images as seller uploads, print a summary.")
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ShippedFiles shipped;

  @Option(
      names = "--data-dir",
      defaultValue = "demo-data",
      description = "Broker data and tagger state, kept between runs (default: ${DEFAULT-VALUE}).")
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

  @Option(
      names = "--images",
      defaultValue = "10000",
      description = "Test images to upload, 0 to 10,000 (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--photos",
      paramLabel = "DIR",
      description =
          "Also upload every PNG/JPEG under DIR; a photo in a folder named after a category"
              + " (e.g. Sneaker/) counts towards accuracy.")
  Path photos;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Uploads per second; 0 sends as fast as possible (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "300",
      description =
          "How long to wait for the last output after the last upload (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Mixin(name = "threads")
  StreamThreadsOption threads;

  @Option(
      names = "--instances",
      defaultValue = "1",
      description =
          "Tagger instances: this one and N-1 more 'tagger run' JVMs on the same broker, each with"
              + " its own state (DATA_DIR/instance-N), log and dashboard, with one standby replica"
              + " of each task; they stop with the demo (default: ${DEFAULT-VALUE}).")
  int instances;

  @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the summary.")
  Path summaryJson;

  @Option(
      names = "--serve",
      description = "Keep the broker and tagger running after the summary, until Ctrl-C.")
  boolean serve;

  @Mixin HttpOptions http;
  @Mixin RunCommand.TopologyOptions topology;
  @Mixin ModelOptions model;

  @Override
  public Integer call() throws Exception {
    if (instances < 1 || instances > partitions) {
      throw new ParameterException(
          spec.commandLine(),
          "--instances must be between 1 and --partitions ("
              + partitions
              + "): an instance without a partition has nothing to tag");
    }
    int streamThreads = threads.count();
    PrintWriter out = spec.commandLine().getOut();
    ValidatedBundle bundle = shipped.bundle();
    List<LabelledUpload> uploads = new ArrayList<>();
    if (images > 0) {
      uploads.addAll(
          LabelledUpload.fromDataset(FashionMnist.loadTest(shipped.fashionMnist), images));
    }
    if (photos != null) {
      uploads.addAll(LabelledUpload.fromPhotoFolder(photos));
    }
    TaggerSettings settings = topology.settings();
    ModelRegistry registry = model.registry();

    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(
            EmbeddedKafkaConfig.temporary().withPort(port).withDataDir(dataDir.resolve("kafka")))) {
      broker.createTopics(ProductTopics.all(partitions));
      out.printf(
          "Embedded Kafka broker (KRaft) at %s, data in %s%n",
          broker.bootstrapServers(), dataDir.toAbsolutePath());
      out.flush();
      Properties props =
          TaggerStreamsConfig.properties(
              broker.clientConfigs(),
              TaggerStreamsConfig.DEFAULT_APPLICATION_ID,
              true,
              streamThreads,
              dataDir.resolve("state"),
              settings);
      TaggerStreamsConfig.fleet(props, instances > 1 ? 1 : 0, Optional.empty());
      FailoverDefaults.apply(props, broker.connection(), spec.commandLine().getErr());
      Reviewers reviewers = http.reviewers();
      HttpOptions.Bound bound = http.bind(props);
      try (TaggerHttpServer server = bound.server();
          TaggerApp app = TaggerApp.start(props, settings, registry);
          ExtraInstances others =
              ExtraInstances.start(
                  instances,
                  dataDir,
                  runOptions(broker.bootstrapServers()),
                  http.httpPort,
                  Duration.ofSeconds(120))) {
        server.serve(app, reviewers);
        out.printf("Dashboard at %s%n", bound.dashboardUrl());
        for (ExtraInstances.Instance other : others.instances()) {
          out.printf(
              "Instance %d (pid %d): dashboard at %s, log in %s%n",
              other.number(), other.process().pid(), other.dashboard(), other.log());
        }
        if (!app.awaitRunning(Duration.ofSeconds(120))) {
          throw new IllegalStateException("the tagger did not start: " + app.streams().state());
        }
        out.println(DemoModel.ensurePublished(broker.connection(), settings, registry, bundle));
        ServingModel serving = DemoModel.awaitServing(registry, Duration.ofSeconds(60));
        others.awaitReady(Duration.ofSeconds(120));
        out.printf(
            "Tagger running with %s v%d on %d stream thread%s; uploading %,d images%s%n",
            serving.ref().name(),
            serving.ref().version(),
            streamThreads,
            streamThreads == 1 ? "" : "s",
            uploads.size(),
            rate > 0 ? String.format(" at %.0f/s", rate) : "");
        out.flush();

        TrafficRun.Result result;
        try (ProgressBar bar = progressBar(uploads.size())) {
          result =
              TrafficRun.run(
                  broker.clientConfigs(),
                  settings,
                  uploads,
                  rate,
                  Duration.ofSeconds(timeoutSeconds),
                  counts -> showProgress(bar, counts));
        }
        BundleManifest manifest = registry.current().orElseThrow().manifest();
        DemoSummary summary =
            DemoSummary.of(
                result,
                manifest.name() + " v" + manifest.version(),
                manifest.metrics().testAccuracy());
        summary.print(out);
        if (instances > 1) {
          List<String> shares = new ArrayList<>();
          shares.add("1: " + outputsSinceStart(URI.create(bound.dashboardUrl())));
          for (ExtraInstances.Instance other : others.instances()) {
            shares.add(other.number() + ": " + outputsSinceStart(other.dashboard()));
          }
          out.println("Outputs per instance  " + String.join(", ", shares));
        }
        if (summaryJson != null) {
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValue(summaryJson.toFile(), summary);
          out.println("Summary written to " + summaryJson);
        }
        if (serve) {
          out.printf(
              "Serving: Kafka at %s, dashboard at %s. Ctrl-C stops.%n",
              broker.bootstrapServers(), bound.dashboardUrl());
          out.flush();
          CountDownLatch stop = new CountDownLatch(1);
          Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
          stop.await();
        }
        return result.complete() ? 0 : 1;
      }
    }
  }

  /**
   * What every further instance runs with: this broker, this instance's HTTP host, and the topology
   * and model options as given here, so that all instances tag alike.
   */
  private List<String> runOptions(String bootstrapServers) {
    List<String> options =
        new ArrayList<>(
            List.of("--bootstrap-servers", bootstrapServers, "--http-host", http.httpHost));
    ParseResult given = spec.commandLine().getParseResult();
    for (String mixin : List.of("topology", "model", "threads")) {
      for (OptionSpec option : spec.mixins().get(mixin).options()) {
        OptionSpec matched = given.matchedOption(option.longestName());
        if (matched != null) {
          for (String value : matched.originalStringValues()) {
            options.addAll(List.of(option.longestName(), value));
          }
        }
      }
    }
    return options;
  }

  /** The outputs an instance counted since it started, as its {@code /api/stats} says. */
  private static long outputsSinceStart(URI dashboard) throws IOException, InterruptedException {
    HttpResponse<String> stats =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(dashboard.resolve("api/stats"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    for (JsonNode window : new ObjectMapper().readTree(stats.body()).path("windows")) {
      if (window.path("name").asText().equals("sinceStart")) {
        return window.path("outputs").asLong();
      }
    }
    throw new IOException("no sinceStart window in " + dashboard.resolve("api/stats"));
  }

  private static ProgressBar progressBar(int uploads) {
    ProgressBarBuilder builder =
        new ProgressBarBuilder()
            .setTaskName("tagging")
            .setInitialMax(uploads)
            .setUnit(" uploads", 1)
            .showSpeed()
            .setSpeedUnit(ChronoUnit.SECONDS)
            .setUpdateIntervalMillis(250);
    if (System.console() == null) {
      builder.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(5_000);
    }
    return builder.build();
  }

  private static void showProgress(ProgressBar bar, OutcomeCounts counts) {
    bar.stepTo(counts.answered());
    bar.setExtraMessage(
        String.format(
            " tagged %d review %d rejected %d",
            counts.tagged(), counts.review(), counts.rejected()));
  }
}
