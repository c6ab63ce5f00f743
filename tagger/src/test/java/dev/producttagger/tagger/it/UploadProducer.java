package dev.producttagger.tagger.it;

import dev.producttagger.schemas.events.Image;
import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.schemas.serde.EventSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends gray8 uploads, and now and then a malformed one, the way a seller's service would. */
final class UploadProducer implements AutoCloseable {

  /**
   * Whether a big record reaches the tagger is the topic's decision, not this producer's: its
   * request limit is well above any topic limit the tests use.
   */
  private static final int MAX_REQUEST_BYTES = 64 * 1024 * 1024;

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final Random random = new Random(42);

  UploadProducer(Map<String, Object> clientConfigs, String topic) {
    Map<String, Object> props = new HashMap<>(clientConfigs);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * MAX_REQUEST_BYTES);
    this.producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  /** A valid random gray8 upload for the product; returns its eventId. */
  String sendValid(String productId) {
    byte[] pixels = new byte[784];
    random.nextBytes(pixels);
    return sendValid(productId, pixels);
  }

  String sendValid(String productId, byte[] pixels) {
    ImageUploaded upload = validUpload(productId, pixels);
    sendRaw(utf8(productId), EventSerdes.imageUploaded().serialize(upload));
    return upload.eventId();
  }

  /** A valid random gray8 upload for the product; the result tells whether the broker took it. */
  Future<RecordMetadata> sendValidAcknowledged(String productId) {
    byte[] pixels = new byte[784];
    random.nextBytes(pixels);
    return sendRaw(
        utf8(productId), EventSerdes.imageUploaded().serialize(validUpload(productId, pixels)));
  }

  private ImageUploaded validUpload(String productId, byte[] pixels) {
    return new ImageUploaded(
        UUID.randomUUID().toString(),
        "seller-" + random.nextInt(10),
        productId,
        Instant.now(),
        Image.gray8(28, 28, pixels));
  }

  /** Any value, with headers, as a seller's service with tracing would send it. */
  void send(String productId, byte[] value, Headers headers) {
    producer.send(new ProducerRecord<>(topic, null, utf8(productId), value, headers));
  }

  void sendMalformed(String productId) {
    sendRaw(utf8(productId), utf8("{\"not\": \"an upload\""));
  }

  /**
   * Any key and value bytes, null included, exactly as given; the result tells where the record
   * landed.
   */
  Future<RecordMetadata> sendRaw(byte[] key, byte[] value) {
    return producer.send(new ProducerRecord<>(topic, key, value));
  }

  void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
