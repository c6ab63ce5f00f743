package dev.producttagger.kafka.topics;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/** The product's topics (docs/contract.md) with their default names and configs. */
public final class ProductTopics {

  public static final String UPLOADS = "product-image-uploads";
  public static final String TAGS = "product-tags";
  public static final String REVIEW = "product-tags-review";
  public static final String DEAD_LETTERS = "product-image-uploads-dlq";
  public static final String MODELS = "tagger-models";
  public static final String DECISIONS = "product-tag-decisions";
  public static final String LABELLED_EXAMPLES = "labelled-examples";

  /**
   * Appended to a dead-letter topic's name for the topic of the dead letters that {@code tagger
   * redrive} has re-published from it, so none is re-driven twice by mistake.
   */
  public static final String REDRIVE_LEDGER_SUFFIX = "-redriven";

  /**
   * Largest model bundle the model topic accepts. The producer's {@code max.request.size} and the
   * consumer's fetch sizes are set from this too, so a bundle that fits the topic also travels.
   */
  public static final int MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

  /**
   * Largest record the uploads topic accepts: Kafka's own default, stated here because the
   * dead-letter topic is sized from it.
   */
  public static final int MAX_UPLOAD_BYTES = 1024 * 1024;

  /**
   * Largest record the dead-letter topic accepts, and the tagger producer's {@code
   * max.request.size}. A dead letter carries the rejected record's key and value in base64, 4/3 of
   * their size, plus a detail: twice {@link #MAX_UPLOAD_BYTES} holds the dead letter of any upload,
   * so rejecting a big upload cannot fail the tagger.
   */
  public static final int MAX_DEAD_LETTER_BYTES = 2 * MAX_UPLOAD_BYTES;

  /** Default partitions of the per-product topics: enough to spread over a few tagger instances. */
  public static final int DEFAULT_PARTITIONS = 4;

  private ProductTopics() {}

  public static TopicSpec uploads(int partitions) {
    return new TopicSpec(UPLOADS, partitions, deletePolicyUpTo(MAX_UPLOAD_BYTES));
  }

  public static TopicSpec tags(int partitions) {
    return new TopicSpec(TAGS, partitions, compactPolicy());
  }

  public static TopicSpec review(int partitions) {
    return new TopicSpec(REVIEW, partitions, deletePolicy());
  }

  public static TopicSpec deadLetters(int partitions) {
    return new TopicSpec(DEAD_LETTERS, partitions, deletePolicyUpTo(MAX_DEAD_LETTER_BYTES));
  }

  /**
   * Reviewers' decisions. As many partitions as the uploads topic, and each decision in the
   * partition of the upload it answers: the tagger task that sent an upload to review is the one
   * that holds it pending.
   */
  public static TopicSpec decisions(int partitions) {
    return new TopicSpec(DECISIONS, partitions, deletePolicy());
  }

  /** Training examples from reviewed uploads, compacted by eventId: the newest label wins. */
  public static TopicSpec labelledExamples(int partitions) {
    return new TopicSpec(LABELLED_EXAMPLES, partitions, compactPolicy());
  }

  /**
   * The re-drive ledger of the default dead-letter topic, compacted: only the latest entry per dead
   * letter matters.
   */
  public static TopicSpec redriveLedger() {
    return new TopicSpec(DEAD_LETTERS + REDRIVE_LEDGER_SUFFIX, 1, compactPolicy());
  }

  /** One partition: every tagger instance reads every bundle, and order of versions matters. */
  public static TopicSpec models() {
    return new TopicSpec(
        MODELS,
        1,
        Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
            Integer.toString(MAX_BUNDLE_BYTES)));
  }

  /** Every topic of the product with default names. */
  public static List<TopicSpec> all(int partitions) {
    return List.of(
        uploads(partitions),
        tags(partitions),
        review(partitions),
        deadLetters(partitions),
        decisions(partitions),
        labelledExamples(partitions),
        models());
  }

  private static Map<String, String> compactPolicy() {
    return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
  }

  private static Map<String, String> deletePolicy() {
    return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
  }

  private static Map<String, String> deletePolicyUpTo(int maxMessageBytes) {
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG,
        TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
        Integer.toString(maxMessageBytes));
  }
}
