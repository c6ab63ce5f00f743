package dev.producttagger.tagger.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.events.SourceRef;
import dev.producttagger.schemas.events.UploadRejected;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  private static final byte[] VALUE = "{\"not\": \"an upload\"".getBytes(StandardCharsets.UTF_8);

  @Test
  void theUploadGoesOutWithItsOriginalBytesAndHeadersPlusMarkers() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", bytes("00-ab-01"));
    headers.add("traceparent", bytes("00-cd-01"));
    DeadLetter deadLetter = deadLetter(bytes("p-1"), headers);

    ProducerRecord<byte[], byte[]> upload = deadLetter.upload("uploads");

    assertEquals("uploads", upload.topic());
    assertNull(
        upload.partition(), "the producer's partitioner places it, as it placed the original");
    assertArrayEquals(bytes("p-1"), upload.key());
    assertArrayEquals(VALUE, upload.value());
    assertEquals(
        List.of(
            header("traceparent", "00-ab-01"),
            header("traceparent", "00-cd-01"),
            header("redriven-from", "dlq/2/17"),
            header("redrive-count", "1")),
        List.of(upload.headers().toArray()));
  }

  @Test
  void aReDriveOfAReDrivenUploadReplacesTheMarkersAndCountsOn() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("redriven-from", bytes("dlq/0/3"));
    headers.add("traceparent", bytes("00-ab-01"));
    headers.add("redrive-count", bytes("2"));

    ProducerRecord<byte[], byte[]> upload = deadLetter(null, headers).upload("uploads");

    assertNull(upload.key(), "a null key stays null");
    assertEquals(
        List.of(
            header("traceparent", "00-ab-01"),
            header("redriven-from", "dlq/2/17"),
            header("redrive-count", "3")),
        List.of(upload.headers().toArray()));
  }

  private static DeadLetter deadLetter(byte[] key, RecordHeaders headers) {
    return new DeadLetter(
        "dlq",
        2,
        17,
        headers,
        new UploadRejected(
            RejectionReason.MALFORMED_JSON,
            "not JSON",
            new SourceRef("uploads", 1, 5),
            key,
            VALUE,
            Instant.parse("2026-11-27T10:00:00Z")));
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, bytes(value));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
