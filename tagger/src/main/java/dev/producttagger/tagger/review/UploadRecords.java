package dev.producttagger.tagger.review;

import dev.producttagger.schemas.events.ImageUploaded;
import java.util.Optional;

/** Reads back one upload the tagger processed, by its place on the uploads topic. */
public interface UploadRecords {

  /**
   * The upload at {@code offset} of {@code partition}; empty when the topic no longer holds it
   * (retention) or it is not a valid upload.
   */
  Optional<ImageUploaded> at(int partition, long offset);
}
