package dev.producttagger.tagger.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Where a replay starts reading the uploads again, as Kafka's streams reset tool is told it. */
public sealed interface ReplayStart {

  /**
   * The reset tool's options for this start on {@code topic}, whose partitions are {@code
   * partitions}; files the tool reads go in {@code workDir}.
   *
   * @throws IllegalArgumentException if the start does not fit the topic
   */
  List<String> resetToolOptions(String topic, List<Integer> partitions, Path workDir)
      throws IOException;

  /** Every upload still on the topic. */
  record Earliest() implements ReplayStart {
    @Override
    public List<String> resetToolOptions(String topic, List<Integer> partitions, Path workDir) {
      return List.of("--to-earliest");
    }

    @Override
    public String toString() {
      return "the earliest offsets";
    }
  }

  /** In each partition, the first upload written at or after {@code time}. */
  record AtTime(Instant time) implements ReplayStart {

    /** The one format the reset tool parses; milliseconds are all a record timestamp holds. */
    private static final DateTimeFormatter RESET_TOOL_FORMAT =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    @Override
    public List<String> resetToolOptions(String topic, List<Integer> partitions, Path workDir) {
      return List.of("--to-datetime", RESET_TOOL_FORMAT.format(time));
    }

    @Override
    public String toString() {
      return time.toString();
    }
  }

  /**
   * Explicit offsets, one for every partition: a partition left out would keep its position while
   * losing its state, so it must be named.
   */
  record AtOffsets(List<PartitionOffset> offsets) implements ReplayStart {

    public AtOffsets {
      offsets = List.copyOf(offsets);
    }

    @Override
    public List<String> resetToolOptions(String topic, List<Integer> partitions, Path workDir)
        throws IOException {
      Path plan = workDir.resolve("reset-plan.csv");
      Files.writeString(plan, resetPlan(topic, partitions), StandardCharsets.UTF_8);
      return List.of("--from-file", plan.toString());
    }

    /**
     * The reset tool's plan: one {@code TOPIC,PARTITION,OFFSET} line per partition.
     *
     * @throws IllegalArgumentException if a partition is named twice, does not exist or is missing
     */
    String resetPlan(String topic, List<Integer> partitions) {
      Map<Integer, Long> byPartition = new TreeMap<>();
      for (PartitionOffset position : offsets) {
        if (!partitions.contains(position.partition())) {
          throw new IllegalArgumentException(
              "--to-offset names partition "
                  + position.partition()
                  + ", but "
                  + topic
                  + " has partitions "
                  + partitions);
        }
        if (byPartition.put(position.partition(), position.offset()) != null) {
          throw new IllegalArgumentException(
              "--to-offset names partition " + position.partition() + " twice");
        }
      }
      List<Integer> missing =
          partitions.stream().filter(partition -> !byPartition.containsKey(partition)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException(
            "--to-offset needs an offset for every partition of "
                + topic
                + "; missing: "
                + missing.stream().map(String::valueOf).collect(Collectors.joining(", ")));
      }
      return byPartition.entrySet().stream()
          .map(entry -> topic + "," + entry.getKey() + "," + entry.getValue() + "\n")
          .collect(Collectors.joining());
    }

    @Override
    public String toString() {
      return "offsets " + offsets.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
  }
}
