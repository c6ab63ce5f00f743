package dev.producttagger.tagger.http;

import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.topology.LatestTag;
import dev.producttagger.tagger.topology.TaggerTopology;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The latest-tag store of a running tagger, found with Kafka Streams' interactive queries: the
 * key's metadata names the instance that holds its partition (by {@code application.server}), and
 * that instance reads its own store.
 */
final class StreamsLatestTags implements LatestTags {

  private final TaggerApp app;

  StreamsLatestTags(TaggerApp app) {
    this.app = app;
  }

  @Override
  public Holder holderOf(String productId) {
    KeyQueryMetadata metadata;
    try {
      metadata =
          app.streams()
              .queryMetadataForKey(
                  TaggerTopology.LATEST_TAG_STORE, productId, Serdes.String().serializer());
    } catch (IllegalStateException | InvalidStateStoreException e) {
      // Not started yet, or shutting down.
      throw HttpError.unavailable("the tagger is not running: " + e.getMessage());
    }
    if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
      throw HttpError.unavailable("the tagger's partitions are being assigned; retry shortly");
    }
    Optional<HostInfo> self = app.advertisedServer();
    if (self.isEmpty() || metadata.activeHost().equals(self.get())) {
      // Without application.server this instance cannot know the others: it answers for itself.
      return new Holder.Local(metadata.partition());
    }
    if (metadata.activeHost().equals(HostInfo.unavailable())) {
      throw HttpError.unavailable("no instance holds the product's partition now; retry shortly");
    }
    return new Holder.Remote(metadata.activeHost());
  }

  @Override
  public Optional<LatestTag> readLocal(String productId, Holder.Local where) {
    try {
      ReadOnlyKeyValueStore<String, LatestTag> store =
          app.streams()
              .store(
                  StoreQueryParameters.fromNameAndType(
                          TaggerTopology.LATEST_TAG_STORE,
                          QueryableStoreTypes.<String, LatestTag>keyValueStore())
                      .withPartition(where.partition()));
      return Optional.ofNullable(store.get(productId));
    } catch (IllegalStateException | InvalidStateStoreException e) {
      throw HttpError.unavailable(
          "the product's store is not queryable now (rebalancing or restoring): " + e.getMessage());
    }
  }
}
