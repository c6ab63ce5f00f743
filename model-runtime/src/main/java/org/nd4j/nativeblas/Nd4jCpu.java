package org.nd4j.nativeblas;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The class DL4J 1.0.0-M2.1 asks whether oneDNN is available. Its {@code BaseMKLDNNHelper} looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN()} by reflection, a name from before
 * ND4J's bindings moved to {@code org.nd4j.linalg.cpu.nativecpu.bindings} and the switch was
 * renamed {@code isUseONEDNN}. Without this class the lookup fails and every oneDNN layer helper is
 * dropped, even on a oneDNN build. This one answers from the real bindings.
 */
public final class Nd4jCpu {

  private Nd4jCpu() {}

  /** The environment query DL4J reflects on. */
  public static final class Environment {

    private static final Environment INSTANCE = new Environment();

    /**
     * ND4J's switch says "use oneDNN" even in builds without it: ask the build itself too, once
     * ND4J (which configures the native ops) is up.
     */
    private static final boolean BUILT_WITH_ONEDNN =
        Nd4j.getBackend() != null
            && NativeOpsHolder.getInstance()
                .getDeviceNativeOps()
                .buildInfo()
                .contains("HAVE_ONEDNN");

    private Environment() {}

    public static Environment getInstance() {
      return INSTANCE;
    }

    /** Whether the loaded ND4J library was built with oneDNN and has it switched on. */
    public boolean isUseMKLDNN() {
      return BUILT_WITH_ONEDNN
          && org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
    }
  }
}
