package dev.producttagger.tagger.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.runtime.ModelInput;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.schemas.events.SourceRef;
import dev.producttagger.tagger.ManualClock;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.stats.TaggerStatistics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tagging processor on its own, for what a topology test cannot do: Kafka Streams calls {@code
 * init} again on the same processor when it revives a task whose local state it wiped (under
 * exactly-once, after a crash), and the restored buffer is then all there is.
 */
class TaggingProcessorTest {

  private static final Instant START = Instant.parse("2026-12-06T12:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
  private KeyValueStore<Long, BufferedUpload> buffer;
  private TaggingProcessor processor;

  @BeforeEach
  void setUp() {
    ModelRegistry registry = ModelRegistry.forFashionMnist(Optional.empty());
    assertTrue(registry.offer(TestModels.tinyBundleBytes("tiny", 1, 1), "test").accepted());
    buffer =
        add(
            Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(TaggerTopology.BUFFER_STORE),
                    Serdes.Long(),
                    new BufferedUploadSerde())
                .withLoggingDisabled()
                .build());
    add(
        Stores.windowStoreBuilder(
                Stores.inMemoryWindowStore(
                    TaggerTopology.EVENT_ID_STORE, Duration.ofHours(1), Duration.ofHours(1), false),
                Serdes.String(),
                Serdes.Long())
            .withLoggingDisabled()
            .build());
    add(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(TaggerTopology.LATEST_TAG_STORE),
                Serdes.String(),
                new StoreJsonSerde<>(LatestTag.class))
            .withLoggingDisabled()
            .build());
    add(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(TaggerTopology.REVIEW_CASE_STORE),
                Serdes.String(),
                new StoreJsonSerde<>(ReviewCase.class))
            .withLoggingDisabled()
            .build());
    processor =
        new TaggingProcessor(
            TaggerSettings.defaults().withBatch(64, Duration.ofMillis(100)),
            registry,
            new TaggerStatistics(registry, clock),
            clock);
  }

  @Test
  void aRevivedTaskCountsOnlyTheRestoredBufferAndFlushesIt() {
    // Uploads a crashed instance left in its local store, uncommitted...
    buffer.put(0L, upload("stale-0", 0));
    buffer.put(1L, upload("stale-1", 1));
    processor.init(context);
    // ...which Streams wipes before restoring the committed buffer and calling init again.
    processor.close();
    buffer.delete(0L);
    buffer.delete(1L);
    buffer.put(5L, upload("committed", 2));
    processor.init(context);

    clock.advance(Duration.ofSeconds(1));
    List<MockProcessorContext.CapturedPunctuator> punctuators = context.scheduledPunctuators();
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(clock.millis()),
        "the flush must end once the restored buffer is empty");

    List<MockProcessorContext.CapturedForward<? extends String, ?>> outputs = context.forwarded();
    assertEquals(1, outputs.size(), outputs::toString);
    assertEquals("committed", outputs.get(0).record().key());
    assertEquals(0, buffer.approximateNumEntries());
  }

  private <S extends StateStore> S add(S store) {
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }

  private BufferedUpload upload(String productId, long offset) {
    return new BufferedUpload(
        productId,
        "event-" + productId,
        "seller",
        START,
        new SourceRef("product-image-uploads", 0, offset),
        START.toEpochMilli(),
        START.toEpochMilli(),
        new ModelInput(new byte[ModelInput.PIXELS]));
  }
}
