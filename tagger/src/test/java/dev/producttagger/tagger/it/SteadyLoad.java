package dev.producttagger.tagger.it;

import dev.producttagger.kafka.topics.ProductTopics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Valid uploads offered at a steady rate from a thread of its own until stopped, each for a new
 * product: the load a fleet test kills, restarts and upgrades under.
 */
final class SteadyLoad implements AutoCloseable {

  private final UploadProducer uploads;
  private final Thread thread;
  private final List<Future<RecordMetadata>> sends =
      Collections.synchronizedList(new ArrayList<>());
  private volatile boolean running = true;
  private int failed;

  private SteadyLoad(Map<String, Object> clientConfigs, int perSecond, String productPrefix) {
    this.uploads = new UploadProducer(clientConfigs, ProductTopics.UPLOADS);
    long intervalNanos = 1_000_000_000L / perSecond;
    this.thread =
        new Thread(
            () -> {
              long next = System.nanoTime();
              while (running) {
                sends.add(uploads.sendValidAcknowledged(productPrefix + sends.size()));
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

  /**
   * Stops sending, waits for the broker's answer to every send, and returns how many uploads it
   * acknowledged: a send the producer gave up on is not an input the tagger could have seen.
   */
  int stop() throws InterruptedException {
    running = false;
    thread.join();
    uploads.flush();
    int acknowledged = 0;
    failed = 0;
    for (Future<RecordMetadata> send : sends) {
      try {
        send.get();
        acknowledged++;
      } catch (ExecutionException e) {
        failed++;
      }
    }
    return acknowledged;
  }

  /** How many sends the producer gave up on, as of {@link #stop}. */
  int failedSends() {
    return failed;
  }

  @Override
  public void close() throws InterruptedException {
    if (running) {
      stop();
    }
    uploads.close();
  }
}
