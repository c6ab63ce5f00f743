package dev.producttagger.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the tagger's stream threads spent their time, from a JDK Flight Recorder recording: every
 * execution sample (Java code) and native-method sample (ND4J's kernels, RocksDB, waiting in the
 * consumer's poll) of a thread named like a Kafka Streams stream thread, put in the first {@link
 * #ACTIVITIES activity} whose method is on its stack. A sample is a thread seen at one instant, so
 * a share of samples is a share of the thread's wall-clock time.
 *
 * @param samples the stream threads' samples in the recording
 * @param byActivity samples per activity, in {@link #ACTIVITIES}' order, then "other"
 */
public record StreamThreadProfile(int samples, Map<String, Integer> byActivity) {

  private record Activity(String name, List<String> methods) {}

  /**
   * Checked in order: a sample belongs to the first activity with one of its methods ({@code
   * Class.method}, the class's simple name) anywhere on the sample's stack, so the more specific
   * activities come first.
   */
  private static final List<Activity> ACTIVITIES =
      List.of(
          new Activity("forward pass (ND4J)", List.of("MultiLayerNetwork.output")),
          new Activity("building the input tensor", List.of("Predictor.probabilities")),
          new Activity("top-3 classes", List.of("Predictor.predict")),
          new Activity(
              "reading uploads (JSON)",
              List.of("SourceNode.deserializeValue", "SourceNode.deserializeKey")),
          new Activity("checking images", List.of("ImagePreprocessor.toModelInput")),
          new Activity(
              "duplicate check and its store",
              List.of("TaggingProcessor.isDuplicate", "MeteredWindowStore.put")),
          new Activity(
              "sending outputs (JSON, producer)",
              List.of("SinkNode.process", "RecordCollectorImpl.send")),
          new Activity("latest-tag and review-case stores", List.of("TaggingProcessor.emit")),
          new Activity(
              "buffer store and batch bookkeeping",
              List.of("TaggingProcessor.process", "TaggingProcessor.flush")),
          new Activity(
              "committing (stores, changelogs, transaction)",
              List.of("StreamThread.maybeCommit", "TaskManager.commit")),
          new Activity(
              "polling (fetching uploads or waiting for them)", List.of("StreamThread.pollPhase")),
          new Activity("other punctuation", List.of("TaskManager.punctuate")));

  private static final String OTHER = "other";

  /** Starts recording the samples this profile reads, every 10 ms per thread. */
  public static Recording start() {
    Recording recording = new Recording();
    recording.setName("stream-thread-profile");
    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
    recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(10));
    recording.start();
    return recording;
  }

  /**
   * Stops {@code recording}, keeps it in {@code file} (JDK Mission Control opens it) and reads it.
   */
  public static StreamThreadProfile stop(Recording recording, Path file) throws IOException {
    recording.stop();
    recording.dump(file);
    recording.close();
    return of(file);
  }

  /** The stream threads' samples in a recording file. */
  public static StreamThreadProfile of(Path file) throws IOException {
    Map<String, Integer> counts = new LinkedHashMap<>();
    ACTIVITIES.forEach(activity -> counts.put(activity.name(), 0));
    counts.put(OTHER, 0);
    int samples = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        String type = event.getEventType().getName();
        if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
          continue;
        }
        RecordedThread thread = event.getThread("sampledThread");
        if (thread == null || !isStreamThread(thread.getJavaName())) {
          continue;
        }
        samples++;
        counts.merge(activityOf(event.getStackTrace()), 1, Integer::sum);
      }
    }
    return new StreamThreadProfile(samples, counts);
  }

  /**
   * Kafka Streams names them {@code <client id>-StreamThread-<n>}; its clients' network threads are
   * {@code kafka-...-network-thread | <client id>}, whose client id may end the same way.
   */
  static boolean isStreamThread(String name) {
    return name != null && !name.contains(" | ") && name.matches(".*-StreamThread-\\d+");
  }

  private static String activityOf(RecordedStackTrace stack) {
    if (stack == null) {
      return OTHER;
    }
    List<String> methods =
        stack.getFrames().stream().map(StreamThreadProfile::simpleMethodName).toList();
    for (Activity activity : ACTIVITIES) {
      if (activity.methods().stream().anyMatch(methods::contains)) {
        return activity.name();
      }
    }
    return OTHER;
  }

  private static String simpleMethodName(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    String simple = type.substring(type.lastIndexOf('.') + 1);
    return simple + "." + frame.getMethod().getName();
  }

  /** A Markdown table: activity, samples, share of the stream threads' samples. */
  public String table() {
    StringBuilder table = new StringBuilder("| stream thread activity | samples | share |\n");
    table.append("|---|---|---|\n");
    byActivity.forEach(
        (activity, count) ->
            table.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %d | %.1f%% |%n",
                    activity,
                    count,
                    samples == 0 ? 0.0 : 100.0 * count / samples)));
    return table.toString();
  }
}
