package dev.producttagger.tagger.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayStartTest {

  @TempDir Path workDir;

  @Test
  void aTimeIsGivenToTheResetToolInUtcWithMilliseconds() {
    Instant time = OffsetDateTime.parse("2026-11-27T11:30:05.123456+01:00").toInstant();

    assertEquals(
        List.of("--to-datetime", "2026-11-27T10:30:05.123Z"),
        new ReplayStart.AtTime(time).resetToolOptions("uploads", List.of(0), workDir));
  }

  @Test
  void explicitOffsetsBecomeAResetPlanWithOneLinePerPartition() throws Exception {
    ReplayStart start =
        new ReplayStart.AtOffsets(
            List.of(PartitionOffset.parse("1:980"), PartitionOffset.parse("0:1200")));

    List<String> options = start.resetToolOptions("uploads", List.of(0, 1), workDir);

    assertEquals("--from-file", options.get(0));
    assertEquals("uploads,0,1200\nuploads,1,980\n", Files.readString(Path.of(options.get(1))));
  }

  @Test
  void explicitOffsetsMustNameEveryPartitionOnceAndNoOther() {
    assertEquals(
        "--to-offset needs an offset for every partition of uploads; missing: 1, 3",
        refusal(List.of("0:5", "2:5"), List.of(0, 1, 2, 3)));
    assertEquals(
        "--to-offset names partition 4, but uploads has partitions [0, 1]",
        refusal(List.of("0:5", "1:5", "4:5"), List.of(0, 1)));
    assertEquals("--to-offset names partition 0 twice", refusal(List.of("0:5", "0:7"), List.of(0)));
  }

  @Test
  void partitionOffsetsParseAndRefuseWhatIsNotOne() {
    assertEquals(new PartitionOffset(3, 1200), PartitionOffset.parse(" 3:1200 "));
    assertEquals(
        "'3-1200' is not PARTITION:OFFSET, such as 0:1200",
        assertThrows(IllegalArgumentException.class, () -> PartitionOffset.parse("3-1200"))
            .getMessage());
    assertEquals(
        "'a:1' is not PARTITION:OFFSET with whole numbers, such as 0:1200",
        assertThrows(IllegalArgumentException.class, () -> PartitionOffset.parse("a:1"))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> PartitionOffset.parse("1:2:3"));
    assertThrows(IllegalArgumentException.class, () -> PartitionOffset.parse("-1:2"));
  }

  private String refusal(List<String> offsets, List<Integer> partitions) {
    ReplayStart.AtOffsets start =
        new ReplayStart.AtOffsets(offsets.stream().map(PartitionOffset::parse).toList());
    return assertThrows(
            IllegalArgumentException.class, () -> start.resetPlan("uploads", partitions))
        .getMessage();
  }
}
