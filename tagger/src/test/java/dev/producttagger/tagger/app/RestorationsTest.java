package dev.producttagger.tagger.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RestorationsTest {

  private final Restorations restorations = new Restorations();
  private final TopicPartition changelog = new TopicPartition("tagger-review-cases-changelog", 2);

  @Test
  void aStoreCountsAsRestoringFromStartToEnd() {
    restorations.onRestoreStart(changelog, "review-cases", 0, 100);
    restorations.onRestoreStart(changelog, "latest-tag-per-product", 0, 50);
    assertEquals(2, restorations.inProgress());

    restorations.onBatchRestored(changelog, "review-cases", 50, 50);
    assertEquals(2, restorations.inProgress());
    restorations.onRestoreEnd(changelog, "review-cases", 100);
    assertEquals(1, restorations.inProgress());
    restorations.onRestoreSuspended(changelog, "latest-tag-per-product", 10);
    assertEquals(0, restorations.inProgress(), "a suspended restoration is not in progress");
  }
}
