package dev.producttagger.tagger.http;

import dev.producttagger.tagger.topology.LatestTag;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where the latest tag per product lives: Kafka Streams' interactive queries in a running tagger
 * ({@link StreamsLatestTags}), a stand-in in the handler tests. Both methods throw {@link
 * HttpError} 503 while the answer cannot be known, such as during a rebalance.
 */
interface LatestTags {

  /** Which instance holds the product's tag now. */
  Holder holderOf(String productId);

  /** Reads this instance's store; empty if the product has no tag yet. */
  Optional<LatestTag> readLocal(String productId, Holder.Local where);

  /** An instance that holds a product's partition. */
  sealed interface Holder {

    /** This instance; {@code partition} is where the key lives. */
    record Local(int partition) implements Holder {}

    /** Another instance, reached at its advertised HTTP address. */
    record Remote(HostInfo host) implements Holder {}
  }
}
