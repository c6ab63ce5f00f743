package dev.producttagger.benchmarks.harness;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * A reading of this JVM's CPU time so far, with the wall clock it was taken at: all its threads
 * (native ones included, such as ND4J's) and, within that, its JIT compilers. On this 2-core
 * machine a freshly started benchmark JVM (broker, tagger, load generator and tracker together)
 * keeps its compilers at 0.5-0.8 of a core for over a minute, so throughput measured in that time
 * is partly the JIT's. The compilers' figure is the JVM's elapsed compilation time, so on busy
 * cores it includes their waits for a core: per-thread CPU from {@code /proc} once showed 0.17 of a
 * core where this said 0.39.
 */
public record CpuTime(long processCpuNanos, long compilingMillis, long nanoTime) {

  /** What a process used between two readings, in cores: 0.5 is half of one core. */
  public record Usage(double processCores, double jitCores) {}

  /** Now, for this JVM. */
  public static CpuTime now() {
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
    if (compiler == null
        || !compiler.isCompilationTimeMonitoringSupported()
        || !(system instanceof com.sun.management.OperatingSystemMXBean process)) {
      throw new IllegalStateException(
          "this JVM does not report its CPU and JIT compilation time; benchmarks end-to-end needs a"
              + " HotSpot JVM");
    }
    return new CpuTime(
        process.getProcessCpuTime(), compiler.getTotalCompilationTime(), System.nanoTime());
  }

  /**
   * The cores used between {@code earlier} and this reading. The JVM sums the time of all compiler
   * threads, so the JIT's share can exceed 1 core, as the process's can.
   */
  public Usage since(CpuTime earlier) {
    long wallNanos = nanoTime - earlier.nanoTime;
    if (wallNanos <= 0) {
      throw new IllegalArgumentException("the earlier reading must be taken before this one");
    }
    return new Usage(
        (double) (processCpuNanos - earlier.processCpuNanos) / wallNanos,
        (compilingMillis - earlier.compilingMillis) * 1e6 / wallNanos);
  }
}
