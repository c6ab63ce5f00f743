package dev.producttagger.tagger.demo;

import dev.producttagger.tagger.traffic.LatencySummary;
import dev.producttagger.tagger.traffic.TrafficRun;
import java.io.PrintWriter;
import java.util.Map;

/**
 * What a demo run shows at the end, printed and written as JSON.
 *
 * @param accuracy correct categories over labelled uploads that were tagged or sent to review
 * @param throughput outputs per second from the first upload sent to the last output read
 * @param latencyMs upload-to-output latency as a read_committed consumer sees it
 * @param afterTaggingMs its part from the tagger's {@code taggedAt} to the read: the wait for the
 *     transaction to commit and for the consumer's fetch
 * @param model the model serving at the end, {@code name vVERSION}
 * @param outputsByModel outputs per model version (more than one when a swap happened mid-run)
 */
public record DemoSummary(
    int uploads,
    int tagged,
    int review,
    int rejected,
    Map<String, Integer> rejectionsByReason,
    int repeatedOutputs,
    double accuracy,
    double seconds,
    double throughput,
    LatencySummary latencyMs,
    LatencySummary afterTaggingMs,
    String model,
    Double modelTestAccuracy,
    Map<String, Integer> outputsByModel,
    boolean complete) {

  public static DemoSummary of(TrafficRun.Result result, String model, Double modelTestAccuracy) {
    var counts = result.counts();
    return new DemoSummary(
        counts.expected(),
        counts.tagged(),
        counts.review(),
        counts.rejected(),
        counts.rejectionsByReason(),
        counts.repeated(),
        counts.accuracy(),
        result.seconds(),
        result.throughput(),
        counts.latency(),
        counts.afterTagging(),
        model,
        modelTestAccuracy,
        counts.outputsByModel(),
        result.complete());
  }

  public void print(PrintWriter out) {
    out.printf("%nSummary%n");
    out.printf("  uploads      %,d%n", uploads);
    out.printf(
        "  tagged       %,d   review %,d   rejected %,d %s%n",
        tagged, review, rejected, rejectionsByReason.isEmpty() ? "" : rejectionsByReason);
    if (!complete) {
      out.printf(
          "  MISSING      %,d uploads had no output before the timeout%n",
          uploads - tagged - review - rejected);
    }
    out.printf("  accuracy     %.4f against the known labels%n", accuracy);
    out.printf("  throughput   %,.0f uploads/s (%,.1f s)%n", throughput, seconds);
    out.printf(
        "  latency      p50 %.0f ms, p99 %.0f ms (max %.0f ms), upload to committed output%n",
        latencyMs.p50(), latencyMs.p99(), latencyMs.max());
    out.printf(
        "               of which p50 %.0f ms, p99 %.0f ms after tagging (commit and fetch)%n",
        afterTaggingMs.p50(), afterTaggingMs.p99());
    out.printf(
        "  model        %s%s%n",
        model,
        modelTestAccuracy == null ? "" : String.format(" (test accuracy %.4f)", modelTestAccuracy));
    if (outputsByModel.size() > 1) {
      out.printf("  by model     %s%n", outputsByModel);
    }
    out.flush();
  }
}
