package dev.producttagger.tagger.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * A reading of how long this JVM's JIT compilers have worked so far, with the wall clock it was
 * taken at. On this 2-core machine a freshly started benchmark JVM (broker, tagger, load generator
 * and tracker together) keeps its compiler threads at 0.5-0.8 of a core for over a minute, so
 * throughput measured in that time is partly the JIT's.
 */
public record JitCompilerTime(long compilingMillis, long nanoTime) {

  /** Now, for this JVM. */
  public static JitCompilerTime now() {
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
      throw new IllegalStateException(
          "this JVM does not report JIT compilation time; run with --jvm-warm-up-seconds 0");
    }
    return new JitCompilerTime(compiler.getTotalCompilationTime(), System.nanoTime());
  }

  /**
   * The compilers' work between {@code earlier} and this reading in cores: 0.5 means they kept half
   * of one core busy. The JVM sums the time of all compiler threads, so this can exceed 1.
   */
  public double coresSince(JitCompilerTime earlier) {
    long wallNanos = nanoTime - earlier.nanoTime;
    if (wallNanos <= 0) {
      throw new IllegalArgumentException("the earlier reading must be taken before this one");
    }
    return (compilingMillis - earlier.compilingMillis) * 1e6 / wallNanos;
  }
}
