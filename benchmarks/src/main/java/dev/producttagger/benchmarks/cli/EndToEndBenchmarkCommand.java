package dev.producttagger.benchmarks.cli;

import dev.producttagger.benchmarks.harness.EndToEndBenchmark;
import dev.producttagger.benchmarks.harness.InferenceThroughput;
import dev.producttagger.benchmarks.harness.JvmWarmUp;
import dev.producttagger.benchmarks.harness.RepeatedLatency;
import dev.producttagger.benchmarks.harness.StreamThreadProfile;
import dev.producttagger.benchmarks.harness.StreamThreadTime;
import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.kafka.embedded.BrokerProcess;
import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.runtime.backend.NativeBackend;
import dev.producttagger.schemas.bundle.ValidatedBundle;
import dev.producttagger.tagger.cli.ShippedFiles;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import dev.producttagger.tagger.traffic.LabelledUpload;
import dev.producttagger.tagger.traffic.LatencySummary;
import dev.producttagger.tagger.traffic.TrafficRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code benchmarks end-to-end}: tagging throughput through the embedded broker with exactly-once,
 * batched against one image at a time, then upload-to-tag latency at fixed fractions of the batched
 * maximum.
 */
@Command(
    name = "end-to-end",
    mixinStandardHelpOptions = true,
    description =
        "Measure end-to-end tagging through a real broker (exactly-once): batched vs one at a time,"
            + " and latency at 25/50/90%% of the maximum; write a Markdown report.")
final class EndToEndBenchmarkCommand implements Callable<Integer> {

  private static final double[] LOAD_FRACTIONS = {0.25, 0.5, 0.9};

  /** Timed seconds of the raw inference the batched row is compared with. */
  private static final double RAW_INFERENCE_SECONDS = 5;

  /** The JIT compilers' share of a core below which the JVM counts as warm. */
  private static final double SETTLED_JIT_CORES = 0.15;

  @Spec CommandSpec spec;
  @Mixin ShippedFiles shipped;

  @Option(
      names = "--uploads",
      defaultValue = "20000",
      description = "Uploads in the batched throughput run (default: ${DEFAULT-VALUE}).")
  int uploads;

  @Option(
      names = "--single-uploads",
      defaultValue = "3000",
      description = "Uploads in the one-at-a-time run (default: ${DEFAULT-VALUE}).")
  int singleUploads;

  @Option(
      names = "--batch-size",
      defaultValue = "" + TaggerSettings.DEFAULT_BATCH_SIZE,
      description = "Batch size of the batched runs (default: the tagger's, ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--max-wait-ms",
      defaultValue = "" + TaggerSettings.DEFAULT_MAX_WAIT_MS,
      description = "Longest wait of a partial batch (default: the tagger's, ${DEFAULT-VALUE}).")
  long maxWaitMs;

  @Option(
      names = "--commit-interval-ms",
      defaultValue = "" + TaggerStreamsConfig.EXACTLY_ONCE_COMMIT_INTERVAL_MS,
      description =
          "Kafka Streams commit interval (default: the tagger's under exactly-once,"
              + " ${DEFAULT-VALUE}).")
  long commitIntervalMs;

  @Option(
      names = "--latency-seconds",
      defaultValue = "15",
      description = "Seconds of offered load per latency run (default: ${DEFAULT-VALUE}).")
  int latencySeconds;

  @Option(
      names = "--latency-runs",
      defaultValue = "3",
      description =
          "Runs at each offered load, summarised by their median percentiles (default:"
              + " ${DEFAULT-VALUE}).")
  int latencyRuns;

  @Option(
      names = "--jvm-warm-up-seconds",
      defaultValue = "240",
      description =
          "Before measuring, send rounds of 10,000 uploads through an unmeasured tagger until the"
              + " JIT compilers use under 15%% of a core in a round, for at most this many seconds;"
              + " 0 measures a cold JVM (default: ${DEFAULT-VALUE}).")
  int jvmWarmUpSeconds;

  @Option(
      names = "--row-warm-up-seconds",
      defaultValue = "60",
      description =
          "Before each row measures, send rounds of its own unmeasured traffic (3 s at its rate, or"
              + " 3,000 uploads at full speed) to its new tagger until the JIT compilers use under"
              + " 15%% of a core in a round, for at most this many seconds; 0 sends one round"
              + " (default: ${DEFAULT-VALUE}).")
  int rowWarmUpSeconds;

  @Option(
      names = "--partitions",
      description =
          "Partitions of the benchmark's topics (default: one per stream thread of the single"
              + " tagger; each partition is a task with its own batch).")
  Integer partitions;

  @Option(
      names = "--stream-threads",
      description = "Kafka Streams threads of each tagger (default: the tagger's, one per core).")
  Integer streamThreads;

  @Option(
      names = "--streams-config",
      paramLabel = "KEY=VALUE",
      description =
          "A Kafka Streams property for every tagger of the run, such as producer.linger.ms=1"
              + " (repeatable; set last).")
  Map<String, String> streamsOverrides = new TreeMap<>();

  @Option(
      names = "--separate-broker-jvm",
      description =
          "Run the broker in a JVM of its own, as production does, instead of in the benchmark's"
              + " JVM beside the tagger and the load generator.")
  boolean separateBrokerJvm;

  @Option(
      names = "--profile",
      paramLabel = "FILE",
      description =
          "Record the batched full-speed row with JDK Flight Recorder into FILE (a .jfr that JDK"
              + " Mission Control opens) and add where the stream threads spent their time to the"
              + " report.")
  Path profile;

  @Option(
      names = "--out",
      defaultValue = "docs/benchmarks/end-to-end.md",
      description = "Result file (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (latencyRuns < 1) {
      throw new ParameterException(
          spec.commandLine(), "--latency-runs must be at least 1, not " + latencyRuns);
    }
    if (jvmWarmUpSeconds < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--jvm-warm-up-seconds must not be negative, not " + jvmWarmUpSeconds);
    }
    if (rowWarmUpSeconds < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--row-warm-up-seconds must not be negative, not " + rowWarmUpSeconds);
    }
    if (streamThreads == null) {
      streamThreads = TaggerStreamsConfig.defaultThreads();
    }
    if (partitions == null) {
      partitions = streamThreads;
    }
    if (streamThreads < 1) {
      throw new ParameterException(
          spec.commandLine(), "--stream-threads must be at least 1, not " + streamThreads);
    }
    if (partitions < 1) {
      throw new ParameterException(
          spec.commandLine(), "--partitions must be at least 1, not " + partitions);
    }
    PrintWriter console = spec.commandLine().getOut();
    ValidatedBundle bundle = shipped.bundle();
    List<LabelledUpload> images =
        LabelledUpload.fromDataset(FashionMnist.loadTest(shipped.fashionMnist()), 10_000);
    Path stateRoot = Files.createTempDirectory("benchmark-e2e-state");
    StringBuilder rows = new StringBuilder();
    StringBuilder threadRows = new StringBuilder();
    StringBuilder medianRows = new StringBuilder();
    try (Broker broker = startBroker(console)) {
      EndToEndBenchmark bench =
          new EndToEndBenchmark(
              broker.connection(),
              () -> ModelRegistry.forFashionMnist(Optional.empty()),
              bundle,
              stateRoot,
              partitions,
              streamThreads,
              Duration.ofMillis(commitIntervalMs),
              streamsOverrides,
              new JvmWarmUp(SETTLED_JIT_CORES, Duration.ofSeconds(rowWarmUpSeconds)));
      Duration wait = Duration.ofMillis(maxWaitMs);
      String warmUp = warmUpJvm(console, bench, wait, images);

      EndToEndBenchmark.Measurement batched =
          bench.run(batchSize, wait, EndToEndBenchmark.cycle(images, uploads), 0);
      report(
          console, rows, threadRows, "batched " + batchSize + ", as fast as possible", 0, batched);

      // Raw inference in the same JVM and sitting, between the rows, so that the ratio compares
      // like with like on this noisy machine.
      InferenceThroughput raw =
          InferenceThroughput.measure(
              BundleOption.serving(bundle.contents()), batchSize, 1, RAW_INFERENCE_SECONDS);
      double ratio = batched.traffic().throughput() / raw.imagesPerSecond();
      String rawLine =
          String.format(
              Locale.ROOT,
              "Raw inference of the same model in the same run (`ServingModel.predict`, batch %d,"
                  + " one ND4J thread, tensor building included): %.0f images/s. End to end / raw"
                  + " inference: **%.2f**.",
              batchSize,
              raw.imagesPerSecond(),
              ratio);
      console.println(rawLine);
      console.flush();

      EndToEndBenchmark.Measurement single =
          bench.run(1, Duration.ofMillis(1), EndToEndBenchmark.cycle(images, singleUploads), 0);
      report(console, rows, threadRows, "one at a time, as fast as possible", 0, single);

      double maximum = batched.traffic().throughput();
      for (double fraction : LOAD_FRACTIONS) {
        double rate = fraction * maximum;
        int count = (int) Math.max(100, rate * latencySeconds);
        String load = String.format(Locale.ROOT, "%.0f%% of maximum", fraction * 100);
        List<LatencySummary> runs = new ArrayList<>();
        for (int run = 1; run <= latencyRuns; run++) {
          EndToEndBenchmark.Measurement loaded =
              bench.run(batchSize, wait, EndToEndBenchmark.cycle(images, count), rate);
          report(
              console,
              rows,
              threadRows,
              "batched " + batchSize + " at " + load + ", run " + run + " of " + latencyRuns,
              rate,
              loaded);
          runs.add(loaded.traffic().counts().latency());
        }
        RepeatedLatency repeated = new RepeatedLatency(runs);
        medianRows.append(
            String.format(
                Locale.ROOT,
                "| %s | %.0f | %d | %.0f | %.0f | %.0f-%.0f |%n",
                load,
                rate,
                latencyRuns,
                repeated.medianP50(),
                repeated.medianP99(),
                repeated.lowestP99(),
                repeated.highestP99()));
      }
      double halfLoad = 0.5 * maximum;
      EndToEndBenchmark.Measurement swapped =
          bench.runWithSwap(
              batchSize,
              wait,
              EndToEndBenchmark.cycle(images, (int) Math.max(100, halfLoad * latencySeconds)),
              halfLoad);
      report(
          console,
          rows,
          threadRows,
          "batched "
              + batchSize
              + " at 50% of maximum, model swapped halfway "
              + swapped.traffic().counts().outputsByModel(),
          halfLoad,
          swapped);

      // Recording slows the JVM down, so the profile is of an extra row that no figure comes from.
      String profiled = "";
      if (profile != null) {
        Recording recording = StreamThreadProfile.start();
        EndToEndBenchmark.Measurement run =
            bench.run(batchSize, wait, EndToEndBenchmark.cycle(images, uploads), 0);
        profiled = profileSection(recording, run, console);
      }
      String report =
          String.format(
              Locale.ROOT,
              """
# End-to-end tagging

Measured %s on %s, with `bin/launch benchmarks end-to-end --bundle %s --uploads %d \
--single-uploads %d --batch-size %d --max-wait-ms %d --commit-interval-ms %d --latency-runs %d \
--jvm-warm-up-seconds %d --row-warm-up-seconds %d --partitions %d --stream-threads %d%s%s%s`.

Each row starts a fresh tagger (exactly_once_v2, its own topics and state) on one
embedded KRaft broker %s, publishes the model, then sends Fashion-MNIST test images as
gray8 uploads and waits until a read_committed consumer has read every output. Throughput counts
outputs from the first upload sent to the last output read; latency runs from just before each
upload is sent to when its committed output is read; "after tagging" is its part from the tagger's
`taggedAt` (when the batch was classified) to the read, which is the wait for the transaction
to commit and for the consumer's next fetch. Every row first sends rounds of the same traffic,
unmeasured, %d s each (%,d uploads for the full-speed rows), until its JIT compilers used under
%.2f of a core in a round or %d s had passed: a new tagger's first seconds are slower, and
starting it in a warm JVM makes the JIT recompile code that the previous tagger's stop and its
own start deoptimized.
"One at a time" is the same topology with
batch size 1, the way Kafka Streams ML examples call a model per record.
The swap row republishes the serving model as the next version halfway through a run at 50%% load:
the tagger validates, loads and probes it on its global thread and swaps it in between batches;
compare its latency and its longest gap between consecutive outputs with the plain 50%% row.

%s
Batched / one at a time: **%.1fx**.

%s

Latency at each offered load over its runs (the median of the runs' percentiles; one run's p99
can differ from the next one's by 2x on this shared machine):

| load | offered (uploads/s) | runs | median p50 ms | median p99 ms | p99 range ms |
|---|---|---|---|---|---|
%s
Every run:

| run | unmeasured rounds before (JIT cores in the last) | offered (uploads/s) | uploads | throughput (uploads/s) | p50 ms | p95 ms | p99 ms | max ms | after tagging p50 / p99 ms | longest gap between outputs ms | JVM CPU, cores | JIT compilers, cores |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
%s
Where the tagger's stream thread spent its time in each row, from Kafka Streams' thread metrics
(shares of its time over their sample window, about the row's last 30-60 s; processing includes
classifying full batches, punctuating classifies batches that waited long enough), and the share
of the row's wall-clock time its stream threads spent in forward passes, timed by the tagger
(`tagger_forward_pass_seconds` in `/metrics`; with several threads, their average). While a stream
thread does its Kafka work and its forward passes in turn, the batched row's share bounds what end
to end can reach of raw inference (unless a forward pass runs faster here than alone):

| run | polling %% | processing %% | punctuating %% | committing %% | commit ms, average / max | in forward passes %% |
|---|---|---|---|---|---|---|
%s
%s\
""",
              Instant.now(),
              NativeBackend.benchmarkMachine(),
              shipped.bundleFile(),
              uploads,
              singleUploads,
              batchSize,
              maxWaitMs,
              commitIntervalMs,
              latencyRuns,
              jvmWarmUpSeconds,
              rowWarmUpSeconds,
              partitions,
              streamThreads,
              streamsOverrides.entrySet().stream()
                  .map(e -> " --streams-config " + e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining()),
              separateBrokerJvm ? " --separate-broker-jvm" : "",
              profile == null ? "" : " --profile " + profile,
              separateBrokerJvm
                  ? "in a JVM of its own (the JVM CPU columns are the tagger's JVM alone, with the"
                      + " load generator and tracker)"
                  : "in the same JVM",
              EndToEndBenchmark.WARM_UP.toSeconds(),
              EndToEndBenchmark.MAX_RATE_WARM_UP_UPLOADS,
              SETTLED_JIT_CORES,
              rowWarmUpSeconds,
              warmUp,
              batched.traffic().throughput() / single.traffic().throughput(),
              rawLine,
              medianRows,
              rows,
              threadRows,
              profiled);
      BenchmarkReports.write(out, report, console);
    }
    return 0;
  }

  private String profileSection(
      Recording recording, EndToEndBenchmark.Measurement run, PrintWriter console)
      throws IOException {
    StreamThreadProfile measured = StreamThreadProfile.stop(recording, profile);
    String section =
        String.format(
            Locale.ROOT,
            """
Where the stream thread spent its time in one more batched full-speed row, run after the others
under JDK Flight Recorder (%.0f uploads/s while recording; its tagger's start and unmeasured
traffic included): %,d samples every 10 ms, kept in `%s`. Each sample counts for the first
activity of the list found on its stack. The recorder samples a few threads in Java code but
only one in native code per period, so native work (the forward pass, RocksDB) is undercounted
against Java work; the rows' forward-pass column is the exact share.

%s\
""",
            run.traffic().throughput(),
            measured.samples(),
            profile,
            measured.table());
    console.print(section);
    console.flush();
    return section;
  }

  /** The run's broker: in this JVM, or in a child JVM of its own. */
  private record Broker(KafkaConnection connection, AutoCloseable process)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      process.close();
    }
  }

  private Broker startBroker(PrintWriter console) throws IOException {
    Duration timeout = Duration.ofSeconds(30);
    if (separateBrokerJvm) {
      Path log = Files.createTempFile("benchmark-e2e-broker", ".log");
      BrokerProcess process = BrokerProcess.start(log, Duration.ofMinutes(2));
      console.println(
          "Broker in its own JVM (pid "
              + process.pid()
              + ") at "
              + process.bootstrapServers()
              + ", log "
              + log);
      return new Broker(
          new KafkaConnection(process.bootstrapServers(), Map.of(), timeout), process);
    }
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary());
    return new Broker(broker.connection(), broker);
  }

  /**
   * Warms the JVM up unless {@code --jvm-warm-up-seconds 0}; returns the report's paragraph on it.
   */
  private String warmUpJvm(
      PrintWriter console, EndToEndBenchmark bench, Duration wait, List<LabelledUpload> images)
      throws Exception {
    if (jvmWarmUpSeconds == 0) {
      return "The JVM was not warmed up first (`--jvm-warm-up-seconds 0`): the first rows include"
          + " the JIT compiling the broker, the tagger and the load generator.\n";
    }
    JvmWarmUp rule = new JvmWarmUp(SETTLED_JIT_CORES, Duration.ofSeconds(jvmWarmUpSeconds));
    StringBuilder table = new StringBuilder();
    List<JvmWarmUp.Round> rounds =
        bench.warmUpJvm(
            batchSize,
            wait,
            images,
            rule,
            round -> {
              String row =
                  String.format(
                      Locale.ROOT,
                      "| %d | %,d | %.0f | %.2f |",
                      round.number(),
                      round.uploads(),
                      round.uploadsPerSecond(),
                      round.jitCores());
              table.append(row).append('\n');
              console.println("JVM warm-up " + row);
              console.flush();
            });
    JvmWarmUp.Round last = rounds.get(rounds.size() - 1);
    return String.format(
        Locale.ROOT,
        """
Before the rows, the JVM (broker, taggers, load generator and tracker share it) was warmed up as a
long-running tagger is: rounds of %,d uploads at full speed through an unmeasured tagger with the
batched settings, until its JIT compilers used under %.2f of a core during a round or %d s had
passed. It took %d rounds (%s); a cold JVM keeps a compiler thread busy for over a minute, which
on 2 cores is a quarter to a third of the machine:

| warm-up round | uploads | throughput (uploads/s) | JIT compilers, cores |
|---|---|---|---|
%s\
""",
        EndToEndBenchmark.JVM_WARM_UP_ROUND_UPLOADS,
        SETTLED_JIT_CORES,
        jvmWarmUpSeconds,
        rounds.size(),
        rule.settled(last) ? "settled" : "stopped at the time limit",
        table);
  }

  private void report(
      PrintWriter console,
      StringBuilder rows,
      StringBuilder threadRows,
      String run,
      double offered,
      EndToEndBenchmark.Measurement measurement) {
    TrafficRun.Result result = measurement.traffic();
    if (!result.complete()) {
      throw new IllegalStateException(run + ": not every upload had an output: " + result.counts());
    }
    LatencySummary latency = result.counts().latency();
    LatencySummary afterTagging = result.counts().afterTagging();
    String row =
        String.format(
            Locale.ROOT,
            "| %s | %d (%.2f) | %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f / %.0f | %.0f |"
                + " %.2f | %.2f |",
            run,
            measurement.warmUp().size(),
            measurement.warmUp().get(measurement.warmUp().size() - 1).jitCores(),
            offered > 0 ? String.format(Locale.ROOT, "%.0f", offered) : "max",
            result.counts().expected(),
            result.throughput(),
            latency.p50(),
            latency.p95(),
            latency.p99(),
            latency.max(),
            afterTagging.p50(),
            afterTagging.p99(),
            result.counts().longestGapMs(),
            measurement.cpu().processCores(),
            measurement.cpu().jitCores());
    rows.append(row).append('\n');
    console.println(row);
    StreamThreadTime thread = measurement.streamThreads();
    threadRows
        .append(
            String.format(
                Locale.ROOT,
                "| %s | %.0f | %.0f | %.0f | %.0f | %.1f / %.0f | %.0f |",
                run,
                100 * thread.pollRatio(),
                100 * thread.processRatio(),
                100 * thread.punctuateRatio(),
                100 * thread.commitRatio(),
                thread.commitLatencyAvgMs(),
                thread.commitLatencyMaxMs(),
                100 * measurement.forwardPassThreads() / streamThreads))
        .append('\n');
    console.flush();
  }
}
