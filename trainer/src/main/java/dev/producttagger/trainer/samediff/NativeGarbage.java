package dev.producttagger.trainer.samediff;

/**
 * When a training step should run the garbage collector. SameDiff 1.0.0-M2.1 leaves each step's
 * intermediate arrays for the collector to free; their memory is native, invisible to the heap, so
 * with a heap that seldom fills the process grew by every step's activations until the kernel
 * killed a benchmark of batchnorm-vgg at 24 GB (docs/benchmarks/2026-12-speed-log.md). A collection
 * is due once the process's resident size is {@link #GROWTH} above what it was after the first
 * step, and at most every {@link #STEPS_APART} steps: the C library keeps some freed memory, so the
 * size need not fall back after a collection.
 */
final class NativeGarbage {

  static final long GROWTH = 1L << 30;
  static final int STEPS_APART = 10;

  private long baseline = -1;
  private int stepsSinceCollecting;

  /** After a step, with the process's resident size in bytes: whether to collect now. */
  boolean due(long residentBytes) {
    stepsSinceCollecting++;
    if (baseline < 0) {
      baseline = residentBytes;
      return false;
    }
    if (residentBytes - baseline > GROWTH && stepsSinceCollecting >= STEPS_APART) {
      stepsSinceCollecting = 0;
      return true;
    }
    return false;
  }
}
