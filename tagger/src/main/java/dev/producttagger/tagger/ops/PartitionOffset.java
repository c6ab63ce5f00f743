package dev.producttagger.tagger.ops;

/**
 * A position in one partition of a topic, written {@code PARTITION:OFFSET} on the command line.
 *
 * @param partition at least 0
 * @param offset at least 0
 */
public record PartitionOffset(int partition, long offset) implements Comparable<PartitionOffset> {

  public PartitionOffset {
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "partition and offset cannot be negative: " + partition + ":" + offset);
    }
  }

  /**
   * Parses {@code PARTITION:OFFSET}, such as {@code 0:1200}.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static PartitionOffset parse(String text) {
    String[] parts = text.trim().split(":", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("'" + text + "' is not PARTITION:OFFSET, such as 0:1200");
    }
    int partition;
    long offset;
    try {
      partition = Integer.parseInt(parts[0]);
      offset = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not PARTITION:OFFSET with whole numbers, such as 0:1200", e);
    }
    return new PartitionOffset(partition, offset);
  }

  @Override
  public int compareTo(PartitionOffset other) {
    int byPartition = Integer.compare(partition, other.partition);
    return byPartition != 0 ? byPartition : Long.compare(offset, other.offset);
  }

  @Override
  public String toString() {
    return partition + ":" + offset;
  }
}
