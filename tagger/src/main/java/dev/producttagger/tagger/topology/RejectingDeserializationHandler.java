package dev.producttagger.tagger.topology;

import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.events.SourceRef;
import dev.producttagger.schemas.serde.EventDeserializationException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-letters uploads whose bytes are not a valid ImageUploaded event, with the reason the
 * deserializer found, and lets the stream go on.
 */
public final class RejectingDeserializationHandler implements DeserializationExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(RejectingDeserializationHandler.class);

  private DeadLetters deadLetters;

  @Override
  public void configure(Map<String, ?> configs) {
    deadLetters = DeadLetters.fromConfigs(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    RejectionReason reason;
    String detail;
    if (exception instanceof EventDeserializationException invalid) {
      reason = invalid.reason();
      detail = invalid.getMessage();
    } else {
      // The key deserializer (plain UTF-8 strings) is the only other thing that can fail here.
      reason = RejectionReason.SCHEMA_VIOLATION;
      detail = "record cannot be read: " + exception.getMessage();
    }
    LOG.debug(
        "Rejecting {}-{}@{}: {} {}",
        record.topic(),
        record.partition(),
        record.offset(),
        reason,
        detail);
    SourceRef source = new SourceRef(record.topic(), record.partition(), record.offset());
    return Response.resume(
        deadLetters.record(reason, detail, source, record.key(), record.value(), record.headers()));
  }
}
