package dev.producttagger.kafka.topics;

import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.schemas.events.LabelledExample;
import dev.producttagger.schemas.events.ProductTagged;
import dev.producttagger.schemas.events.TagDecided;
import dev.producttagger.schemas.events.TagReviewRequested;
import dev.producttagger.schemas.events.UploadRejected;
import dev.producttagger.schemas.serde.EventSerdes;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The product's topics under their default names, typed by what their records hold. A deployment
 * that renames a topic takes the same type with {@link Topic#named}.
 */
public final class EventTopics {

  /** Seller uploads keyed by productId. */
  public static final Topic<String, ImageUploaded> UPLOADS =
      Topic.of(ProductTopics.UPLOADS, Serdes::String, EventSerdes::imageUploaded);

  /** Final tags keyed by productId. */
  public static final Topic<String, ProductTagged> TAGS =
      Topic.of(ProductTopics.TAGS, Serdes::String, EventSerdes::productTagged);

  /** Low-confidence uploads for a person to decide, keyed by productId. */
  public static final Topic<String, TagReviewRequested> REVIEW =
      Topic.of(ProductTopics.REVIEW, Serdes::String, EventSerdes::tagReviewRequested);

  /** Rejected uploads, keyed by the rejected record's own key bytes, whatever they were. */
  public static final Topic<byte[], UploadRejected> DEAD_LETTERS =
      Topic.of(ProductTopics.DEAD_LETTERS, Serdes::ByteArray, EventSerdes::uploadRejected);

  /** Reviewers' decisions on review requests, keyed by productId. */
  public static final Topic<String, TagDecided> DECISIONS =
      Topic.of(ProductTopics.DECISIONS, Serdes::String, EventSerdes::tagDecided);

  /** Reviewed model inputs with their reviewers' labels, keyed by eventId. */
  public static final Topic<String, LabelledExample> LABELLED_EXAMPLES =
      Topic.of(ProductTopics.LABELLED_EXAMPLES, Serdes::String, EventSerdes::labelledExample);

  /** Model bundles keyed by model name, as raw bundle bytes judged by each reader. */
  public static final Topic<String, byte[]> MODELS =
      Topic.of(ProductTopics.MODELS, Serdes::String, Serdes::ByteArray);

  private EventTopics() {}
}
