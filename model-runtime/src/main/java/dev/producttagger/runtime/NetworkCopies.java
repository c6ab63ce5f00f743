package dev.producttagger.runtime;

import java.util.concurrent.ConcurrentLinkedDeque;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Copies of one network, one for each caller that runs a forward pass at the same time. A DL4J
 * network is not safe for concurrent use, and sharing one behind a lock serialised the tagger's
 * stream threads: a second thread's core sat idle while the first ran its forward pass
 * (docs/benchmarks/2026-12-speed-log.md). A copy is made only when every existing one is busy, so a
 * single caller keeps using the network it was given.
 */
final class NetworkCopies {

  /** Never runs a forward pass, so copying it cannot race with one. */
  private final MultiLayerNetwork template;

  private final ConcurrentLinkedDeque<MultiLayerNetwork> idle = new ConcurrentLinkedDeque<>();

  NetworkCopies(MultiLayerNetwork network) {
    this.template = network.clone();
    idle.push(network);
  }

  /** A network no other caller holds until it is {@link #release released}. */
  MultiLayerNetwork acquire() {
    MultiLayerNetwork network = idle.pollFirst();
    if (network != null) {
      return network;
    }
    synchronized (template) {
      return template.clone();
    }
  }

  /** Hands back a network from {@link #acquire}, for the next caller to reuse. */
  void release(MultiLayerNetwork network) {
    idle.push(network);
  }
}
