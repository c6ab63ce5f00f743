package dev.producttagger.benchmarks.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The benchmarks' command line refuses bad settings before it measures anything. */
class BenchmarkCliTest {

  private static final String MODEL = Path.of("..", "models", "paper-dropout.bundle").toString();

  @TempDir Path dir;

  /** What a command printed on standard error and how it exited. */
  private record Outcome(int exitCode, String err) {}

  private static Outcome execute(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = BenchmarkCli.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new Outcome(exitCode, err.toString());
  }

  @Test
  void endToEndRefusesBadRunSettingsBeforeStartingABroker() {
    Path report = dir.resolve("e2e.md");
    Outcome noRuns = execute("end-to-end", "--latency-runs", "0", "--out", report.toString());
    Outcome negativeWarmUp =
        execute("end-to-end", "--jvm-warm-up-seconds", "-1", "--out", report.toString());
    Outcome negativeRowWarmUp =
        execute("end-to-end", "--row-warm-up-seconds", "-1", "--out", report.toString());
    Outcome noThreads = execute("end-to-end", "--stream-threads", "0", "--out", report.toString());
    Outcome noPartitions = execute("end-to-end", "--partitions", "0", "--out", report.toString());

    assertAll(
        () -> assertEquals(2, noRuns.exitCode()),
        () -> assertTrue(noRuns.err().contains("--latency-runs must be at least 1, not 0")),
        () -> assertEquals(2, negativeWarmUp.exitCode()),
        () ->
            assertTrue(
                negativeWarmUp.err().contains("--jvm-warm-up-seconds must not be negative, not -1"),
                negativeWarmUp.err()),
        () -> assertEquals(2, negativeRowWarmUp.exitCode()),
        () ->
            assertTrue(
                negativeRowWarmUp
                    .err()
                    .contains("--row-warm-up-seconds must not be negative, not -1"),
                negativeRowWarmUp.err()),
        () -> assertEquals(2, noThreads.exitCode()),
        () ->
            assertTrue(
                noThreads.err().contains("--stream-threads must be at least 1, not 0"),
                noThreads.err()),
        () -> assertEquals(2, noPartitions.exitCode()),
        () ->
            assertTrue(
                noPartitions.err().contains("--partitions must be at least 1, not 0"),
                noPartitions.err()),
        () -> assertTrue(Files.notExists(report)));
  }

  @Test
  void inferenceNeedsAModelAndNamesAMissingOne() {
    Path missing = dir.resolve("missing.bundle");
    Outcome withoutModel = execute("inference", "--out", dir.resolve("i.md").toString());
    Outcome missingModel =
        execute(
            "inference", "--model", missing.toString(), "--out", dir.resolve("i.md").toString());

    assertAll(
        () -> assertEquals(2, withoutModel.exitCode()),
        () -> assertTrue(withoutModel.err().contains("--model"), withoutModel.err()),
        () -> assertEquals(1, missingModel.exitCode()),
        () -> assertTrue(missingModel.err().contains(missing.toString()), missingModel.err()),
        () -> assertTrue(Files.notExists(dir.resolve("i.md"))));
  }

  @Test
  void photosRefuseAnEmptySampleAndAnUnknownItemFile() {
    Path report = dir.resolve("photos.md");
    Outcome noItems =
        execute("photos", "--model", MODEL, "--count", "0", "--out", report.toString());
    Outcome unknownFile =
        execute("photos", "--model", MODEL, "--items", "VALIDATION", "--out", report.toString());

    assertAll(
        () -> assertEquals(2, noItems.exitCode()),
        () ->
            assertTrue(noItems.err().contains("--count must be at least 1, not 0"), noItems.err()),
        () -> assertEquals(2, unknownFile.exitCode()),
        () -> assertTrue(unknownFile.err().contains("TEST, TRAINING"), unknownFile.err()),
        () -> assertTrue(Files.notExists(report)));
  }

  @Test
  void photosOfTrainingItemsNameTheirFile() throws Exception {
    Path report = dir.resolve("photos.md");
    Outcome outcome =
        execute(
            "photos",
            "--model",
            MODEL,
            "--data-dir",
            Path.of("..", "data", "fashion-mnist").toString(),
            "--items",
            "TRAINING",
            "--count",
            "20",
            "--out",
            report.toString());

    String written = Files.readString(report);
    assertAll(
        () -> assertEquals(0, outcome.exitCode(), outcome.err()),
        () -> assertTrue(written.contains("--items TRAINING --count 20"), written),
        () -> assertTrue(written.contains("The first 20 Fashion-MNIST training items"), written));
  }

  @Test
  void trainingRefusesAnEmptyCellAndAnUnknownLayout() {
    Path report = dir.resolve("training.md");
    Outcome noBatch = execute("training", "--batch-sizes", "64,0", "--out", report.toString());
    Outcome noThreads = execute("training", "--threads", "0", "--out", report.toString());
    Outcome noReplicas = execute("training", "--replicas", "0", "--out", report.toString());
    Outcome unknownLayout =
        execute("training", "--layouts", "SIDEWAYS", "--out", report.toString());
    Outcome blasChannelsFirst =
        execute(
            "training",
            "--engines",
            "BLAS",
            "--layouts",
            "CHANNELS_FIRST",
            "--out",
            report.toString());
    assertAll(
        () -> assertEquals(2, blasChannelsFirst.exitCode()),
        () ->
            assertTrue(
                blasChannelsFirst.err().contains("--engines BLAS computes channels last only"),
                blasChannelsFirst.err()),
        () -> assertEquals(2, noBatch.exitCode()),
        () ->
            assertTrue(
                noBatch.err().contains("--batch-sizes must be at least 1, not 0"), noBatch.err()),
        () -> assertEquals(2, noThreads.exitCode()),
        () -> assertTrue(noThreads.err().contains("--threads must be at least 1"), noThreads.err()),
        () -> assertEquals(2, noReplicas.exitCode()),
        () ->
            assertTrue(
                noReplicas.err().contains("--replicas must be at least 1"), noReplicas.err()),
        () -> assertEquals(2, unknownLayout.exitCode()),
        () ->
            assertTrue(
                unknownLayout.err().contains("CHANNELS_FIRST, CHANNELS_LAST"), unknownLayout.err()),
        () -> assertTrue(Files.notExists(report)));
  }

  @Test
  void trainingMeasuresTheCellsAskedForAndNamesThemInItsReport() throws Exception {
    Path report = dir.resolve("training.md");
    Outcome outcome =
        execute(
            "training",
            "--data-dir",
            Path.of("..", "data", "fashion-mnist").toString(),
            "--architecture",
            "PAPER_BASELINE",
            "--batch-sizes",
            "8",
            "--threads",
            "1",
            "--replicas",
            "1,2",
            "--layouts",
            "CHANNELS_LAST",
            "--images",
            "16",
            "--out",
            report.toString());

    String written = Files.readString(report);
    assertAll(
        () -> assertEquals(0, outcome.exitCode(), outcome.err()),
        () ->
            assertTrue(
                written.contains(
                    "--architecture PAPER_BASELINE --batch-sizes 8 --threads 1 --replicas 1,2"
                        + " --layouts CHANNELS_LAST --engines DL4J --images 16"),
                written),
        () ->
            assertTrue(
                written.contains(
                    "| 1 thread, channels last (images/s) | 1 thread, 2 replicas, channels last"),
                written),
        () -> assertTrue(written.contains("| paper-baseline | 8 | "), written),
        () -> assertTrue(!written.contains("channels first (images/s)"), written));
  }

  /** The BLAS engine computes channels last whatever the layouts asked: no channels-first cells. */
  @Test
  void trainingMeasuresTheBlasEngineChannelsLastOnly() throws Exception {
    Path report = dir.resolve("training.md");
    Outcome outcome =
        execute(
            "training",
            "--data-dir",
            Path.of("..", "data", "fashion-mnist").toString(),
            "--architecture",
            "PAPER_DROPOUT",
            "--batch-sizes",
            "8",
            "--threads",
            "1",
            "--replicas",
            "2",
            "--engines",
            "DL4J,BLAS",
            "--images",
            "16",
            "--out",
            report.toString());

    String written = Files.readString(report);
    assertAll(
        () -> assertEquals(0, outcome.exitCode(), outcome.err()),
        () ->
            assertTrue(
                written.contains(
                    "| 1 thread, 2 replicas, channels first (images/s) | 1 thread, 2 replicas,"
                        + " channels last (images/s) | BLAS, 1 thread, 2 replicas, channels last"
                        + " (images/s) |"),
                written),
        () -> assertTrue(!written.contains("BLAS, 1 thread, 2 replicas, channels first"), written),
        () -> assertTrue(written.contains("| paper-dropout | 8 | "), written));
  }

  @Test
  void offersEveryBenchmark() {
    assertEquals(
        java.util.Set.of(
            "inference",
            "end-to-end",
            "photos",
            "fine-tune-selection",
            "review-loop",
            "shadow",
            "training"),
        BenchmarkCli.commandLine().getSubcommands().keySet());
  }
}
