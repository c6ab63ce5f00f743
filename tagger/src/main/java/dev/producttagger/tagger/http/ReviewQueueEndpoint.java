package dev.producttagger.tagger.http;

import com.sun.net.httpserver.HttpExchange;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.json.JsonCodec;
import dev.producttagger.schemas.json.JsonInputException;
import dev.producttagger.schemas.json.ReadLimits;
import dev.producttagger.tagger.review.QueueItem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /api/reviews/pending?limit=N}: the review queue, the review requests no reviewer has
 * decided yet, oldest first, from every instance (each holds the requests of its partitions), with
 * the image the model saw and its best guesses. {@code limit} is 1 to {@value #MAX_ITEMS}, default
 * {@value #DEFAULT_ITEMS}. An instance that does not answer is named in {@code unreachable} and the
 * rest is still listed.
 */
final class ReviewQueueEndpoint implements Endpoint {

  static final int DEFAULT_ITEMS = 50;
  static final int MAX_ITEMS = 500;

  /** The queue as one instance answers it; {@code categories} are the choices, in index order. */
  record Queue(List<String> categories, List<QueueItem> items, List<String> unreachable) {}

  private static final JsonCodec CODEC = new JsonCodec(ReadLimits.TEXT_ONLY);

  private final ReviewCases cases;
  private final PeerProxy proxy;

  ReviewQueueEndpoint(ReviewCases cases, PeerProxy proxy) {
    this.cases = cases;
    this.proxy = proxy;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    int limit = QueryParameters.wholeNumber(exchange, "limit", 1, MAX_ITEMS, DEFAULT_ITEMS);
    List<QueueItem> items =
        new ArrayList<>(cases.pendingHere(limit).stream().map(QueueItem::of).toList());
    List<String> unreachable = new ArrayList<>();
    // A forwarded request asks for this instance's own part only, so the fan-out is one level.
    if (!PeerProxy.wasForwarded(exchange)) {
      for (HostInfo peer : cases.peers()) {
        try {
          byte[] answer = proxy.get(peer, "/api/reviews/pending?limit=" + limit);
          items.addAll(CODEC.toValue(CODEC.readTree(answer), Queue.class).items());
        } catch (HttpError | JsonInputException | IllegalArgumentException e) {
          unreachable.add(peer.host() + ":" + peer.port());
        }
      }
    }
    List<QueueItem> oldestFirst =
        items.stream().sorted(Comparator.comparing(QueueItem::taggedAt)).limit(limit).toList();
    Responses.json(exchange, 200, new Queue(FashionCategories.NAMES, oldestFirst, unreachable));
  }
}
