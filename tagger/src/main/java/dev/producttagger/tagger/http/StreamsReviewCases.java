package dev.producttagger.tagger.http;

import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.topology.ReviewCase;
import dev.producttagger.tagger.topology.TaggerTopology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The review-case stores of a running tagger: every partition this instance holds, scanned for
 * cases without a decision, and the other instances that hold the rest.
 */
final class StreamsReviewCases implements ReviewCases {

  private final TaggerApp app;

  StreamsReviewCases(TaggerApp app) {
    this.app = app;
  }

  @Override
  public List<ReviewCase> pendingHere(int limit) {
    List<ReviewCase> pending = new ArrayList<>();
    try {
      ReadOnlyKeyValueStore<String, ReviewCase> store =
          app.streams()
              .store(
                  StoreQueryParameters.fromNameAndType(
                      TaggerTopology.REVIEW_CASE_STORE,
                      QueryableStoreTypes.<String, ReviewCase>keyValueStore()));
      try (KeyValueIterator<String, ReviewCase> all = store.all()) {
        all.forEachRemaining(
            entry -> {
              if (entry.value.pending()) {
                pending.add(entry.value);
              }
            });
      }
    } catch (IllegalStateException | InvalidStateStoreException e) {
      throw HttpError.unavailable(
          "the review queue is not queryable now (rebalancing or restoring): " + e.getMessage());
    }
    return pending.stream()
        .sorted(Comparator.comparing(c -> c.review().taggedAt()))
        .limit(limit)
        .toList();
  }

  @Override
  public List<HostInfo> peers() {
    Optional<HostInfo> self = app.advertisedServer();
    if (self.isEmpty()) {
      // Without application.server this instance cannot know the others: it answers for itself.
      return List.of();
    }
    return app.streams().metadataForAllStreamsClients().stream()
        .map(StreamsMetadata::hostInfo)
        .filter(host -> !Objects.equals(host, self.get()) && !host.equals(HostInfo.unavailable()))
        .distinct()
        .toList();
  }
}
