package dev.producttagger.tagger.ops;

import dev.producttagger.kafka.client.ClusterAdmin;
import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.kafka.client.TopicReader;
import dev.producttagger.kafka.topics.EventTopics;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.schemas.events.SourceRef;
import dev.producttagger.schemas.events.UploadRejected;
import dev.producttagger.schemas.serde.EventSerdes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Re-publishes selected dead letters to the uploads topic after a fix. Each upload goes out with
 * its original key, value and headers plus re-drive markers, in one transaction with a ledger entry
 * per dead letter; the ledger is read only after the transactional producer has fenced any earlier
 * run, so a dead letter is never re-driven twice by mistake, even by two operators at once.
 */
public final class DeadLetterRedrive {

  /**
   * An original value can be as large as a dead letter carries; the key, headers and the batch
   * around it need a little more.
   */
  private static final int MAX_UPLOAD_BYTES = EventSerdes.DEFAULT_MAX_ORIGINAL_BYTES + 1024 * 1024;

  private static final Deserializer<UploadRejected> DEAD_LETTERS =
      EventTopics.DEAD_LETTERS.valueSerde().deserializer();

  /**
   * @param ledgerTopic the compacted topic of dead letters already re-driven; created when missing
   *     (see {@link ProductTopics#redriveLedger()})
   * @param force re-drive dead letters the ledger says were re-driven before
   * @param dryRun report what would be sent and change nothing
   */
  public record Request(
      String deadLetterTopic,
      String uploadsTopic,
      String ledgerTopic,
      DeadLetterSelection selection,
      boolean force,
      boolean dryRun) {}

  private final KafkaConnection connection;
  private final Clock clock;

  public DeadLetterRedrive(KafkaConnection connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
  }

  /**
   * Plans the re-drive and, unless a dry run or nothing is to be sent, sends it.
   *
   * @throws IOException if the cluster cannot be reached, a topic is missing, or the transaction
   *     fails (then nothing of it is visible)
   */
  public RedrivePlan redrive(Request request) throws IOException {
    try (ClusterAdmin admin = ClusterAdmin.connect(connection)) {
      admin.requireTopics(List.of(request.deadLetterTopic(), request.uploadsTopic()));
      if (request.dryRun()) {
        return plan(
            request,
            admin.exists(request.ledgerTopic())
                ? RedriveLedger.read(connection, request.ledgerTopic())
                : RedriveLedger.empty(request.ledgerTopic()));
      }
      admin.createIfMissing(ProductTopics.redriveLedger().withName(request.ledgerTopic()));
    }
    try (Producer<byte[], byte[]> producer = transactionalProducer(request.ledgerTopic())) {
      // Fences an earlier run with the same transactional id and settles its transaction first, so
      // the ledger read next includes everything that run committed.
      producer.initTransactions();
      RedriveLedger ledger = RedriveLedger.read(connection, request.ledgerTopic());
      RedrivePlan plan = plan(request, ledger);
      if (!plan.toSend().isEmpty()) {
        send(producer, plan.toSend(), request.uploadsTopic(), ledger);
      }
      return plan;
    } catch (TimeoutException e) {
      throw connection.unreachable(e);
    } catch (KafkaException e) {
      throw connection.failure("cannot re-drive to " + request.uploadsTopic(), e);
    }
  }

  private RedrivePlan plan(Request request, RedriveLedger ledger) throws IOException {
    RedrivePlan plan = new RedrivePlan(request.selection(), ledger, request.force());
    TopicReader.readAll(
        connection,
        request.deadLetterTopic(),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer(),
        record -> {
          PartitionOffset position = new PartitionOffset(record.partition(), record.offset());
          try {
            DeadLetter deadLetter =
                new DeadLetter(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.headers(),
                    DEAD_LETTERS.deserialize(record.topic(), record.value()));
            if (deadLetter.rejected().source().topic().equals(request.uploadsTopic())) {
              plan.offer(deadLetter);
            } else {
              plan.offerNotAnUpload(deadLetter);
            }
          } catch (SerializationException e) {
            plan.offerUnreadable(position, e.getMessage());
          }
        });
    return plan;
  }

  /**
   * Every upload, then a ledger entry naming where each went, then one commit: a crash or error
   * anywhere aborts them all.
   */
  private void send(
      Producer<byte[], byte[]> producer,
      List<DeadLetter> deadLetters,
      String uploadsTopic,
      RedriveLedger ledger)
      throws IOException {
    producer.beginTransaction();
    try {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (DeadLetter deadLetter : deadLetters) {
        sent.add(producer.send(deadLetter.upload(uploadsTopic)));
      }
      Instant now = clock.instant();
      for (int i = 0; i < deadLetters.size(); i++) {
        RecordMetadata upload = sent.get(i).get();
        RedriveLedger.Entry entry =
            new RedriveLedger.Entry(
                deadLetters.get(i).id(),
                now,
                new SourceRef(upload.topic(), upload.partition(), upload.offset()));
        producer.send(ledger.record(entry));
      }
      producer.commitTransaction();
    } catch (ExecutionException e) {
      producer.abortTransaction();
      throw connection.failure("cannot re-drive to " + uploadsTopic, e.getCause());
    } catch (InterruptedException e) {
      producer.abortTransaction();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while re-driving; nothing was committed");
    }
  }

  private Producer<byte[], byte[]> transactionalProducer(String ledgerTopic) {
    Map<String, Object> config = connection.producerConfig();
    // One id per ledger: runs against the same ledger fence each other.
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tagger-redrive-" + ledgerTopic);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_UPLOAD_BYTES);
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * MAX_UPLOAD_BYTES);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
