package dev.producttagger.tagger.app;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Which of this instance's stores are being restored from their changelogs right now: an instance
 * that took over a failed one's partitions answers for them only once they are restored.
 */
final class Restorations implements StateRestoreListener {

  private final Set<String> restoring = ConcurrentHashMap.newKeySet();

  @Override
  public void onRestoreStart(
      TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
    restoring.add(storeName + " " + partition);
  }

  @Override
  public void onBatchRestored(
      TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {}

  @Override
  public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
    restoring.remove(storeName + " " + partition);
  }

  @Override
  public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
    restoring.remove(storeName + " " + partition);
  }

  int inProgress() {
    return restoring.size();
  }
}
