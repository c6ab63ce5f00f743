package dev.producttagger.tagger.ops;

import dev.producttagger.schemas.events.UploadRejected;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record of the dead-letter topic: where it is, the headers the rejected upload came with, and
 * the rejection with the upload's original key and value bytes.
 */
public record DeadLetter(
    String topic, int partition, long offset, Headers headers, UploadRejected rejected) {

  /** Names the dead letter a re-published upload came from: {@code topic/partition/offset}. */
  public static final String REDRIVEN_FROM_HEADER = "redriven-from";

  /** How many times the upload has been re-driven, this time included. */
  public static final String REDRIVE_COUNT_HEADER = "redrive-count";

  /** {@code topic/partition/offset}: the key of its ledger entry and its redriven-from header. */
  public String id() {
    return topic + "/" + partition + "/" + offset;
  }

  public PartitionOffset position() {
    return new PartitionOffset(partition, offset);
  }

  /**
   * The upload again, for {@code uploadsTopic}: its original key and value bytes exactly, its
   * original headers, and the re-drive markers. Markers from an earlier re-drive are replaced, so
   * the count keeps rising across repeated rejections and re-drives.
   */
  public ProducerRecord<byte[], byte[]> upload(String uploadsTopic) {
    Headers upload = new RecordHeaders();
    int previousCount = 0;
    for (Header header : headers) {
      if (header.key().equals(REDRIVE_COUNT_HEADER)) {
        previousCount = count(header.value());
      } else if (!header.key().equals(REDRIVEN_FROM_HEADER)) {
        upload.add(header);
      }
    }
    upload.add(REDRIVEN_FROM_HEADER, id().getBytes(StandardCharsets.UTF_8));
    upload.add(
        REDRIVE_COUNT_HEADER, Integer.toString(previousCount + 1).getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        uploadsTopic, null, rejected.originalKey(), rejected.originalValue(), upload);
  }

  private static int count(byte[] value) {
    try {
      return Integer.parseInt(new String(value, StandardCharsets.UTF_8));
    } catch (NumberFormatException e) {
      return 0; // someone else's header of the same name: start counting here
    }
  }
}
