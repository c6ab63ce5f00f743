package dev.producttagger.tagger.http;

import dev.producttagger.tagger.topology.ReviewCase;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where the review cases live: Kafka Streams' interactive queries in a running tagger ({@link
 * StreamsReviewCases}), a stand-in in the handler tests. Both methods throw {@link HttpError} 503
 * while the answer cannot be known, such as during a rebalance.
 */
interface ReviewCases {

  /** The pending cases in this instance's stores, oldest request first, at most {@code limit}. */
  List<ReviewCase> pendingHere(int limit);

  /** The other instances, reached at their advertised HTTP addresses. */
  List<HostInfo> peers();
}
