package dev.producttagger.tagger.topology;

import dev.producttagger.kafka.topics.EventTopics;
import dev.producttagger.kafka.topics.Topic;
import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.schemas.events.LabelledExample;
import dev.producttagger.schemas.events.ProductTagged;
import dev.producttagger.schemas.events.TagDecided;
import dev.producttagger.schemas.events.TagReviewRequested;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.registry.ModelUpdateProcessor;
import dev.producttagger.tagger.stats.TaggerStatistics;
import java.time.Clock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The tagger's topology: uploads flow through one batching processor to the tags and review topics
 * (dead letters leave through the exception handlers); reviewers' decisions flow through a second
 * processor in the same tasks, which turns them into final tags and labelled examples; the model
 * topic feeds a global store read by every instance. The latest output per product and every review
 * case are kept in changelogged stores that the HTTP API reads with interactive queries.
 */
public final class TaggerTopology {

  /** Key: productId; value: its newest {@link LatestTag}. */
  public static final String LATEST_TAG_STORE = "latest-tag-per-product";

  /** Key: eventId; value: its {@link ReviewCase}, pending or decided. */
  public static final String REVIEW_CASE_STORE = "review-cases";

  static final String BUFFER_STORE = "upload-batch-buffer";
  static final String EVENT_ID_STORE = "seen-event-ids";
  static final String MODEL_STORE = "models";
  static final String TAGS_SINK = "tags";
  static final String REVIEW_SINK = "review";
  static final String EXAMPLES_SINK = "labelled-examples";
  private static final String UPLOADS_SOURCE = "uploads";
  private static final String DECISIONS_SOURCE = "decisions";
  private static final String TAGGER = "tagger";
  private static final String DECIDER = "decider";

  private TaggerTopology() {}

  /**
   * @param statistics where the processor records every output; the exception handlers find the
   *     same instance in the Kafka Streams properties under {@link TaggerStatistics#CONFIG_KEY}
   */
  public static Topology build(
      TaggerSettings settings, ModelRegistry registry, TaggerStatistics statistics, Clock clock) {
    Topic<String, ImageUploaded> uploads = EventTopics.UPLOADS.named(settings.uploadsTopic());
    Topic<String, ProductTagged> tags = EventTopics.TAGS.named(settings.tagsTopic());
    Topic<String, TagReviewRequested> review = EventTopics.REVIEW.named(settings.reviewTopic());
    Topic<String, byte[]> models = EventTopics.MODELS.named(settings.modelsTopic());
    Topic<String, TagDecided> decisions = EventTopics.DECISIONS.named(settings.decisionsTopic());
    Topic<String, LabelledExample> examples =
        EventTopics.LABELLED_EXAMPLES.named(settings.labelledExamplesTopic());
    Topology topology = new Topology();
    topology.addSource(
        UPLOADS_SOURCE,
        uploads.keySerde().deserializer(),
        uploads.valueSerde().deserializer(),
        uploads.name());
    // Decisions share the uploads' partitioning, so one task holds an upload's review case and
    // gets its decision; both sources feed the same tasks.
    topology.addSource(
        DECISIONS_SOURCE,
        decisions.keySerde().deserializer(),
        decisions.valueSerde().deserializer(),
        decisions.name());
    topology.addProcessor(
        TAGGER, () -> new TaggingProcessor(settings, registry, statistics, clock), UPLOADS_SOURCE);
    topology.addProcessor(
        DECIDER,
        () -> new DecisionProcessor(settings.decidedRetention(), statistics, clock),
        DECISIONS_SOURCE);
    topology.addStateStore(
        // Cached: an upload put and deleted between two commits costs the changelog one tombstone
        // instead of a full copy of its pixels plus a tombstone.
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BUFFER_STORE),
                Serdes.Long(),
                new BufferedUploadSerde())
            .withCachingEnabled(),
        TAGGER);
    topology.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                EVENT_ID_STORE, settings.duplicateWindow(), settings.duplicateWindow(), false),
            Serdes.String(),
            Serdes.Long()),
        TAGGER);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(LATEST_TAG_STORE),
            Serdes.String(),
            new StoreJsonSerde<>(LatestTag.class)),
        TAGGER,
        DECIDER);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(REVIEW_CASE_STORE),
            Serdes.String(),
            new StoreJsonSerde<>(ReviewCase.class)),
        TAGGER,
        DECIDER);
    topology.addSink(
        TAGS_SINK,
        tags.name(),
        tags.keySerde().serializer(),
        tags.valueSerde().serializer(),
        TAGGER,
        DECIDER);
    topology.addSink(
        REVIEW_SINK,
        review.name(),
        review.keySerde().serializer(),
        review.valueSerde().serializer(),
        TAGGER);
    topology.addSink(
        EXAMPLES_SINK,
        examples.name(),
        examples.keySerde().serializer(),
        examples.valueSerde().serializer(),
        DECIDER);
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(MODEL_STORE), models.keySerde(), models.valueSerde())
            .withLoggingDisabled(),
        "model-bundles",
        models.keySerde().deserializer(),
        models.valueSerde().deserializer(),
        models.name(),
        "model-updater",
        () -> new ModelUpdateProcessor(MODEL_STORE, registry));
    return topology;
  }
}
