package dev.producttagger.tagger.topology;

import dev.producttagger.schemas.events.SourceRef;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-letters uploads the tagging processor rejected ({@link UploadRejectedException}) with the
 * original bytes; any other exception is a bug and fails the task, so nothing is silently lost.
 */
public final class RejectingProcessingHandler implements ProcessingExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(RejectingProcessingHandler.class);

  private DeadLetters deadLetters;

  @Override
  public void configure(Map<String, ?> configs) {
    deadLetters = DeadLetters.fromConfigs(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (!(exception instanceof UploadRejectedException rejected)) {
      LOG.error(
          "Processing failed on {}-{}@{}; stopping the task",
          context.topic(),
          context.partition(),
          context.offset(),
          exception);
      return Response.fail();
    }
    SourceRef source = new SourceRef(context.topic(), context.partition(), context.offset());
    return Response.resume(
        deadLetters.record(
            rejected.reason(),
            rejected.getMessage(),
            source,
            context.sourceRawKey(),
            context.sourceRawValue(),
            context.headers()));
  }
}
