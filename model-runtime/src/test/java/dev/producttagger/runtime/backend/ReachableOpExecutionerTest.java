package dev.producttagger.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReachableOpExecutionerTest {

  /**
   * Which executioner the stress runs with; ND4J's own ({@code
   * -Dstress.opexec=org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner}) shows what this class
   * fixes: its JVM dies of a SIGSEGV, within seconds here (docs/reliability.md).
   */
  private static final String EXECUTIONER =
      System.getProperty("stress.opexec", ReachableOpExecutioner.class.getName());

  /**
   * Eight threads broadcasting while a fifth fills a 2 MB young generation: collections land during
   * native calls all the time, and each op's buffers must outlive its call.
   */
  @Test
  void broadcastsSurviveCollectionsDuringTheirNativeCalls(@TempDir Path crashReports)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Xmn2m",
                "-D" + NativeBackend.OP_EXECUTIONER + "=" + EXECUTIONER,
                "-cp",
                System.getProperty("java.class.path"),
                BroadcastStress.class.getName(),
                "8",
                "15")
            .directory(crashReports.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);

    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("executioner " + EXECUTIONER), output);
    assertTrue(output.contains("broadcasts "), output);
  }
}
