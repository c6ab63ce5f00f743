package dev.producttagger.runtime.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Chooses ND4J's native library, and whether DL4J may use it for its layers, before ND4J loads.
 *
 * <p>DL4J 1.0.0-M2.1 trains and infers convolutions through im2col into a strided view, a generic
 * per-element path that took over half of the trainer's time. Its oneDNN build runs convolutions,
 * pooling and batch normalisation in oneDNN instead, about 3x faster end to end, but only when (1)
 * JavaCPP loads the {@code -onednn-avx2} library, (2) DL4J's layer helpers are not disabled (they
 * are by default in M2.1) and (3) DL4J finds its oneDNN switch, which {@link
 * org.nd4j.nativeblas.Nd4jCpu} restores. This class sets (1) and (2) unless the user already chose,
 * and only where the library is present and the CPU has AVX2; elsewhere ND4J falls back to its
 * generic library.
 */
public final class NativeBackend {

  /** JavaCPP's choice of library variant; an empty value selects the generic build. */
  static final String PLATFORM_EXTENSION = "org.bytedeco.javacpp.platform.extension";

  /** DL4J's switch for its native layer helpers (oneDNN on CPU); DL4J reads "true" when unset. */
  static final String HELPERS_DISABLED = "org.eclipse.deeplearning4j.helpers.disable";

  static final String ONEDNN_AVX2 = "-onednn-avx2";

  /** ND4J's choice of op executioner: a class name, read once when ND4J starts. */
  static final String OP_EXECUTIONER = "opexec";

  /**
   * JavaCPP's limit on the process's resident memory, checked on every native allocation it tracks;
   * both spellings are read. See {@link #configure()}.
   */
  static final List<String> MAX_PHYSICAL_BYTES =
      List.of("org.bytedeco.javacpp.maxPhysicalBytes", "org.bytedeco.javacpp.maxphysicalbytes");

  private static final String ONEDNN_LIBRARY =
      "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64" + ONEDNN_AVX2 + "/libnd4jcpu.so";
  private static final Pattern AVX2_FLAG = Pattern.compile("(?m)^flags\\s*:.*\\bavx2\\b");

  private NativeBackend() {}

  /**
   * Sets the system properties for the fastest backend this machine can run. Call it first in
   * {@code main}, before anything touches ND4J; later calls change nothing ND4J has already read.
   * Run with {@code -Dorg.bytedeco.javacpp.platform.extension=} to force the generic library.
   *
   * <p>It also turns off JavaCPP's resident-memory limit unless the user set one: with a limit,
   * JavaCPP reads the process's resident size from the kernel on each of the dozens of small native
   * allocations ND4J makes per forward pass, 8% of a batch-1 forward pass in a profile and a
   * quarter of its time in A/B runs (docs/benchmarks/2026-12-speed-log.md). ND4J's tensors are
   * freed when the garbage collector finds them unreachable either way; JavaCPP's limit on the
   * bytes it allocates itself ({@code maxBytes}) stays.
   *
   * <p>Unless the user named one, ND4J runs its ops through {@link ReachableOpExecutioner}, which
   * keeps each op alive during its native call.
   */
  public static void configure() {
    if (System.getProperty(OP_EXECUTIONER) == null) {
      System.setProperty(OP_EXECUTIONER, ReachableOpExecutioner.class.getName());
    }
    if (MAX_PHYSICAL_BYTES.stream().allMatch(name -> System.getProperty(name) == null)) {
      System.setProperty(MAX_PHYSICAL_BYTES.get(0), "0");
    }
    Optional<String> extension =
        platformExtension(
            System.getProperty(PLATFORM_EXTENSION),
            cpuHasAvx2(),
            NativeBackend.class.getClassLoader().getResource(ONEDNN_LIBRARY) != null);
    extension.ifPresent(
        chosen -> {
          System.setProperty(PLATFORM_EXTENSION, chosen);
          if (System.getProperty(HELPERS_DISABLED) == null) {
            System.setProperty(HELPERS_DISABLED, "false");
          }
        });
  }

  /**
   * The backend in use, in one line for logs and benchmark reports. Loads ND4J's native library if
   * nothing has yet.
   */
  public static String describe() {
    if (!org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN()) {
      return "ND4J generic native library (no oneDNN)";
    }
    boolean helpers = !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLED, "true"));
    return "ND4J oneDNN native library, DL4J oneDNN layer helpers " + (helpers ? "on" : "off");
  }

  /**
   * The machine and settings a benchmark ran with, for its report: cores, architecture, Java, this
   * backend and the environment variables that tune it.
   */
  public static String benchmarkMachine() {
    return String.format(
        Locale.ROOT,
        "%d cores (%s), Java %s, %s (MALLOC_MMAP_THRESHOLD_=%s, MALLOC_TRIM_THRESHOLD_=%s,"
            + " MALLOC_ARENA_MAX=%s, OMP_NUM_THREADS=%s)",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch"),
        System.getProperty("java.version"),
        describe(),
        System.getenv("MALLOC_MMAP_THRESHOLD_"),
        System.getenv("MALLOC_TRIM_THRESHOLD_"),
        System.getenv("MALLOC_ARENA_MAX"),
        System.getenv("OMP_NUM_THREADS"));
  }

  /**
   * A warning for a process that runs many small forward passes on threads of its own, such as the
   * tagger's stream threads, unless ND4J runs single-threaded there ({@code OMP_NUM_THREADS=1}).
   * ND4J sizes its thread pools from that variable, all cores when it is unset, and between the
   * passes the extra threads spin: in {@code bin/tagger benchmark-e2e} the tagger tagged about a
   * third fewer uploads per second with two threads than with one on this 2-core machine.
   *
   * @param ompNumThreads the variable's value, null when unset
   */
  public static Optional<String> servingThreadsWarning(String ompNumThreads) {
    return unlessOneThread(
        ompNumThreads,
        "ND4J's extra threads spin between forward passes and take CPU from Kafka; run with"
            + " OMP_NUM_THREADS=1 (bin/tagger sets it) and scale with stream threads instead");
  }

  /**
   * A warning for a training run of {@code replicas} network copies, each on a thread of its own,
   * unless ND4J runs on one thread each: every copy's oneDNN calls would start OMP_NUM_THREADS
   * threads, more than the cores the copies already fill.
   *
   * @param ompNumThreads the variable's value, null when unset
   */
  public static Optional<String> trainingReplicasWarning(String ompNumThreads, int replicas) {
    if (replicas < 2) {
      return Optional.empty();
    }
    return unlessOneThread(
        ompNumThreads,
        "each of the "
            + replicas
            + " replicas would start that many ND4J threads; run with OMP_NUM_THREADS=1, as"
            + " the replicas are what use the cores");
  }

  /** {@code problem}, after what OMP_NUM_THREADS is, unless it is 1. */
  private static Optional<String> unlessOneThread(String ompNumThreads, String problem) {
    if (ompNumThreads != null && ompNumThreads.strip().equals("1")) {
      return Optional.empty();
    }
    return Optional.of(
        "OMP_NUM_THREADS is "
            + (ompNumThreads == null ? "unset" : "'" + ompNumThreads + "'")
            + ": "
            + problem);
  }

  /**
   * The library variant to select, or empty to leave the choice as it is: a variant the user set
   * (even the empty, generic one) stands; otherwise oneDNN when both the CPU and the class path
   * allow it.
   */
  static Optional<String> platformExtension(
      String userChoice, boolean cpuHasAvx2, boolean oneDnnLibraryPresent) {
    if (userChoice != null) {
      return Optional.empty();
    }
    return cpuHasAvx2 && oneDnnLibraryPresent ? Optional.of(ONEDNN_AVX2) : Optional.empty();
  }

  /** Whether {@code cpuinfo} (the text of /proc/cpuinfo) lists the avx2 flag. */
  static boolean listsAvx2(String cpuinfo) {
    return AVX2_FLAG.matcher(cpuinfo.toLowerCase(Locale.ROOT)).find();
  }

  /** Whether this machine's CPU has AVX2, as /proc/cpuinfo says; false where it cannot tell. */
  static boolean cpuHasAvx2() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(cpuinfo)) {
      return false;
    }
    try {
      return listsAvx2(Files.readString(cpuinfo));
    } catch (IOException e) {
      return false;
    }
  }
}
