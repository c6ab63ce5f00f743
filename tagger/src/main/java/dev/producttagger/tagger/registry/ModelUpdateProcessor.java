package dev.producttagger.tagger.registry;

import dev.producttagger.kafka.modeltopic.ModelTopic;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Feeds the model topic, read by every instance as a global store, into the {@link ModelRegistry}.
 * On start it offers what the store restored (the latest bundle per model name, and the shadow);
 * afterwards each new bundle as it arrives. Bundles under {@link ModelTopic#SHADOW_KEY} go to the
 * shadow.
 */
public final class ModelUpdateProcessor implements Processor<String, byte[], Void, Void> {

  private final String storeName;
  private final ModelRegistry registry;
  private KeyValueStore<String, byte[]> store;

  public ModelUpdateProcessor(String storeName, ModelRegistry registry) {
    this.storeName = storeName;
    this.registry = registry;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
    List<KeyValue<String, byte[]>> restored = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      all.forEachRemaining(restored::add);
    }
    for (KeyValue<String, byte[]> entry : restored) {
      offer(entry.key, entry.value, "restored model '" + entry.key + "'");
    }
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() != null) {
      store.put(record.key(), record.value());
    }
    offer(record.key(), record.value(), "model topic, key '" + record.key() + "'");
  }

  private void offer(String key, byte[] bundle, String origin) {
    if (ModelTopic.SHADOW_KEY.equals(key)) {
      registry.offerShadow(bundle, origin);
    } else {
      registry.offer(bundle, origin);
    }
  }
}
