package dev.producttagger.tagger.topology;

import dev.producttagger.runtime.ModelInput;
import dev.producttagger.schemas.events.SourceRef;
import java.time.Instant;

/**
 * A valid upload waiting in the batch buffer: what the outputs need about it, and its model input
 * already preprocessed (784 bytes, whatever the original photo's size).
 *
 * @param timestamp the input record's timestamp, carried to the outputs so a replay repeats them
 * @param bufferedAtMs wall-clock time it entered the buffer, for the maximum-wait flush
 */
record BufferedUpload(
    String productId,
    String eventId,
    String sellerId,
    Instant uploadedAt,
    SourceRef source,
    long timestamp,
    long bufferedAtMs,
    ModelInput input) {}
