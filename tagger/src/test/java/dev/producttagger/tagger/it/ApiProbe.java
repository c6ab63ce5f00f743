package dev.producttagger.tagger.it;

import java.util.List;

/**
 * Asks members of a fleet for products, one on each partition, in rounds from a thread of its own,
 * until closed: after a kill, it tells when the survivors answered for every partition again.
 */
final class ApiProbe implements AutoCloseable {

  private static final long ROUND_PAUSE_MILLIS = 250;

  private final TaggerFleet fleet;
  private final List<Integer> members;
  private final List<String> products;
  private final long since;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long lastFailedRound = -1;
  private volatile long firstGoodRoundAfterIt = -1;

  private ApiProbe(TaggerFleet fleet, List<Integer> members, List<String> products, long since) {
    this.fleet = fleet;
    this.members = List.copyOf(members);
    this.products = List.copyOf(products);
    this.since = since;
    this.thread = new Thread(this::probe, "api-probe");
    thread.start();
  }

  /**
   * Starts probing {@code products} on {@code members}; times are measured from {@code since}, a
   * {@link System#nanoTime()}.
   */
  static ApiProbe start(
      TaggerFleet fleet, List<Integer> members, List<String> products, long since) {
    return new ApiProbe(fleet, members, products, since);
  }

  /**
   * Seconds from {@code since} until the first round in which every member answered 200 for every
   * product, after the last round in which one did not; 0 if no round failed, infinity if the last
   * round failed.
   */
  double answersAgainSeconds() throws InterruptedException {
    close();
    if (lastFailedRound < 0) {
      return 0;
    }
    return firstGoodRoundAfterIt < 0
        ? Double.POSITIVE_INFINITY
        : (firstGoodRoundAfterIt - since) / 1e9;
  }

  private void probe() {
    while (running) {
      boolean allAnswered = true;
      for (int member : members) {
        for (String product : products) {
          allAnswered &= fleet.status(member, "api/products/" + product) == 200;
        }
      }
      long roundEnded = System.nanoTime();
      if (!allAnswered) {
        lastFailedRound = roundEnded;
        firstGoodRoundAfterIt = -1;
      } else if (lastFailedRound >= 0 && firstGoodRoundAfterIt < 0) {
        firstGoodRoundAfterIt = roundEnded;
      }
      try {
        Thread.sleep(ROUND_PAUSE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
  }
}
