package dev.producttagger.tagger.it;

import dev.producttagger.kafka.topics.ProductTopics;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Valid uploads offered at a steady rate from a thread of its own until stopped, each for a new
 * product: the load a fleet test kills, restarts and upgrades under.
 */
final class SteadyLoad implements AutoCloseable {

  private final UploadProducer uploads;
  private final Thread thread;
  private final AtomicInteger sent = new AtomicInteger();
  private volatile boolean running = true;

  private SteadyLoad(Map<String, Object> clientConfigs, int perSecond, String productPrefix) {
    this.uploads = new UploadProducer(clientConfigs, ProductTopics.UPLOADS);
    long intervalNanos = 1_000_000_000L / perSecond;
    this.thread =
        new Thread(
            () -> {
              long next = System.nanoTime();
              while (running) {
                uploads.sendValid(productPrefix + sent.getAndIncrement());
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                  try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              }
            },
            "steady-load");
    thread.start();
  }

  static SteadyLoad start(Map<String, Object> clientConfigs, int perSecond, String productPrefix) {
    return new SteadyLoad(clientConfigs, perSecond, productPrefix);
  }

  /** Stops sending, flushes, and returns how many uploads were sent. */
  int stop() throws InterruptedException {
    running = false;
    thread.join();
    uploads.flush();
    return sent.get();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
    uploads.close();
  }
}
