package dev.producttagger.tagger.traffic;

import java.util.Map;

/**
 * The outputs matched to one run's uploads.
 *
 * @param expected uploads sent
 * @param labelled tagged or review outputs for uploads whose label is known
 * @param correct those of them whose category equals the label
 * @param repeated outputs for an upload that already had one (exactly-once makes this 0)
 * @param outputsByModel outputs per {@code name vVERSION} of the model that produced them
 * @param latency from just before each upload was sent to when its output was read
 * @param afterTagging the part of {@code latency} after the tagger classified the upload (its
 *     {@code taggedAt}, to the millisecond) until the output was read: waiting for the transaction
 *     to commit, then for the consumer's fetch
 * @param longestGapMs the longest wait between two consecutive classified outputs, such as a pause
 *     while a model is swapped
 */
public record OutcomeCounts(
    int expected,
    int tagged,
    int review,
    int rejected,
    int labelled,
    int correct,
    int repeated,
    Map<String, Integer> rejectionsByReason,
    Map<String, Integer> outputsByModel,
    LatencySummary latency,
    LatencySummary afterTagging,
    double longestGapMs) {

  public int answered() {
    return tagged + review + rejected;
  }

  /** Correct categories over labelled classified uploads; NaN before any. */
  public double accuracy() {
    return labelled == 0 ? Double.NaN : (double) correct / labelled;
  }
}
