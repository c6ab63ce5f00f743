package dev.producttagger.tagger.traffic;

import dev.producttagger.tagger.topology.TaggerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One measured run: sends uploads to a running tagger and waits until each has its output.
 * Throughput is outputs over the time from the first send to the last output.
 */
public final class TrafficRun {

  /** What a run measured. */
  public record Result(OutcomeCounts counts, double seconds, boolean complete) {

    /** Outputs per second over the whole run. */
    public double throughput() {
      return counts.answered() / seconds;
    }
  }

  private TrafficRun() {}

  /**
   * @param imagesPerSecond offered rate; 0 or less sends as fast as possible
   * @param timeout how long to wait for the last output after the last send
   * @param progress called now and then with the outputs so far
   */
  public static Result run(
      Map<String, Object> clientConfigs,
      TaggerSettings settings,
      List<LabelledUpload> uploads,
      double imagesPerSecond,
      Duration timeout,
      Consumer<OutcomeCounts> progress)
      throws InterruptedException {
    return run(
        clientConfigs, settings, uploads, productPrefix(), imagesPerSecond, timeout, progress);
  }

  /** A prefix no earlier run on the same topics used. */
  public static String productPrefix() {
    return "run-" + UUID.randomUUID().toString().substring(0, 8) + "-";
  }

  /**
   * {@link #run(Map, TaggerSettings, List, double, Duration, Consumer)} with the product ids {@code
   * prefix0, prefix1, ...} in the order of {@code uploads}.
   */
  public static Result run(
      Map<String, Object> clientConfigs,
      TaggerSettings settings,
      List<LabelledUpload> uploads,
      String prefix,
      double imagesPerSecond,
      Duration timeout,
      Consumer<OutcomeCounts> progress)
      throws InterruptedException {
    try (OutcomeTracker tracker = OutcomeTracker.start(clientConfigs, settings, prefix);
        UploadTraffic traffic = new UploadTraffic(clientConfigs, settings.uploadsTopic(), prefix)) {
      long started = System.nanoTime();
      int reportEvery = Math.max(1, uploads.size() / 200);
      traffic.send(
          uploads,
          imagesPerSecond,
          tracker,
          sent -> {
            if (sent % reportEvery == 0) {
              progress.accept(tracker.counts());
            }
          });
      long deadline = System.nanoTime() + timeout.toNanos();
      boolean complete = false;
      while (!complete && System.nanoTime() < deadline) {
        complete = tracker.awaitAll(Duration.ofMillis(250));
        progress.accept(tracker.counts());
      }
      OutcomeCounts counts = tracker.counts();
      double seconds = (tracker.lastOutputNanos() - started) / 1e9;
      return new Result(
          counts, seconds > 0 ? seconds : (System.nanoTime() - started) / 1e9, complete);
    }
  }
}
