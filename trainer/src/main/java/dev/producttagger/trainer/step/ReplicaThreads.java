package dev.producttagger.trainer.step;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for the replicas of a training step: the first part of each minibatch is computed on the
 * calling thread, each other part on a daemon thread of its own.
 */
public final class ReplicaThreads implements AutoCloseable {

  private final ExecutorService others;

  /**
   * @param name the threads' name before their number, such as {@code "samediff-replica"}
   * @param replicas how many parts a minibatch can be computed in at once
   */
  public ReplicaThreads(String name, int replicas) {
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be at least 1, not " + replicas);
    }
    AtomicInteger threads = new AtomicInteger();
    this.others =
        replicas == 1
            ? null
            : Executors.newFixedThreadPool(
                replicas - 1,
                task -> {
                  Thread thread = new Thread(task, name + "-" + threads.incrementAndGet());
                  thread.setDaemon(true);
                  return thread;
                });
  }

  /** The parts' results in order, the first computed here, the others at once on the threads. */
  public <T> List<T> run(List<Callable<T>> parts) {
    List<Future<T>> started = new ArrayList<>();
    for (Callable<T> part : parts.subList(1, parts.size())) {
      started.add(others.submit(part));
    }
    List<T> results = new ArrayList<>();
    try {
      results.add(parts.get(0).call());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("a replica failed to compute its part", e);
    }
    for (Future<T> part : started) {
      results.add(joined(part));
    }
    return results;
  }

  private static <T> T joined(Future<T> part) {
    try {
      return part.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a replica computed its part", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a replica failed to compute its part", e.getCause());
    }
  }

  /** Stops the threads. */
  @Override
  public void close() {
    if (others != null) {
      others.shutdownNow();
    }
  }
}
