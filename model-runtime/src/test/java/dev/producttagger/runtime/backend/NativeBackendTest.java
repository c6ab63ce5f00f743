package dev.producttagger.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class NativeBackendTest {

  private static final String INTEL_FLAGS =
      "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n"
          + "flags\t\t: fpu vme sse sse2 avx f16c fma avx2 avx512f\n";

  @Test
  void choosesOneDnnOnlyWhenTheCpuAndTheClassPathAllowIt() {
    assertEquals(
        Optional.of(NativeBackend.ONEDNN_AVX2), NativeBackend.platformExtension(null, true, true));
    assertEquals(Optional.empty(), NativeBackend.platformExtension(null, false, true));
    assertEquals(Optional.empty(), NativeBackend.platformExtension(null, true, false));
  }

  @Test
  void leavesAVariantTheUserChoseAlone() {
    assertEquals(Optional.empty(), NativeBackend.platformExtension("", true, true));
    assertEquals(Optional.empty(), NativeBackend.platformExtension("-avx2", true, true));
  }

  @Test
  void readsTheAvx2FlagFromCpuinfo() {
    assertTrue(NativeBackend.listsAvx2(INTEL_FLAGS));
    assertFalse(NativeBackend.listsAvx2(INTEL_FLAGS.replace(" avx2", "")));
    assertFalse(NativeBackend.listsAvx2("model name\t: avx2 marketing name\nflags\t: sse avx\n"));
    assertFalse(NativeBackend.listsAvx2(""));
  }

  @Test
  void warnsAServingProcessUnlessNd4jRunsOnOneThread() {
    assertEquals(Optional.empty(), NativeBackend.servingThreadsWarning("1"));
    assertEquals(Optional.empty(), NativeBackend.servingThreadsWarning(" 1 "));
    assertTrue(
        NativeBackend.servingThreadsWarning(null)
            .orElseThrow()
            .startsWith("OMP_NUM_THREADS is unset"));
    assertTrue(
        NativeBackend.servingThreadsWarning("2")
            .orElseThrow()
            .startsWith("OMP_NUM_THREADS is '2'"));
    assertTrue(NativeBackend.servingThreadsWarning("").isPresent());
    assertTrue(NativeBackend.servingThreadsWarning("10").isPresent());
  }

  @Test
  void warnsATrainingRunOfReplicasUnlessEachRunsOnOneThread() {
    assertEquals(Optional.empty(), NativeBackend.trainingReplicasWarning("1", 2));
    assertEquals(Optional.empty(), NativeBackend.trainingReplicasWarning("2", 1));
    assertEquals(Optional.empty(), NativeBackend.trainingReplicasWarning(null, 1));
    assertTrue(
        NativeBackend.trainingReplicasWarning("2", 2)
            .orElseThrow()
            .startsWith("OMP_NUM_THREADS is '2': each of the 2 replicas"));
    assertTrue(
        NativeBackend.trainingReplicasWarning(null, 3)
            .orElseThrow()
            .startsWith("OMP_NUM_THREADS is unset"));
  }

  /** The session listener configured this JVM; on an AVX2 machine DL4J must now use oneDNN. */
  @Test
  void convolutionAndPoolingRunInOneDnnOnAnAvx2Machine() {
    assumeTrue(NativeBackend.cpuHasAvx2(), "oneDNN needs an AVX2 CPU");
    assertEquals(NativeBackend.ONEDNN_AVX2, System.getProperty(NativeBackend.PLATFORM_EXTENSION));

    MultiLayerNetwork network =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
                .layer(
                    new OutputLayer.Builder(LossFunction.MCXENT)
                        .nOut(2)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutional(8, 8, 1))
                .build());
    network.init();

    assertTrue(org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN());
    assertEquals(
        "ND4J oneDNN native library, DL4J oneDNN layer helpers on", NativeBackend.describe());
    assertInstanceOf(MKLDNNConvHelper.class, network.getLayer(0).getHelper());
    assertInstanceOf(MKLDNNSubsamplingHelper.class, network.getLayer(1).getHelper());
  }

  /** The session listener configured this JVM before JavaCPP loaded: no resident-size checks. */
  @Test
  void javaCppNoLongerReadsTheResidentSizeOnEveryAllocation() {
    assertEquals("0", System.getProperty(NativeBackend.MAX_PHYSICAL_BYTES.get(0)));
    assertEquals(0, org.bytedeco.javacpp.Pointer.maxPhysicalBytes());
  }

  /** A limit the user set, in either spelling JavaCPP reads, stands. */
  @Test
  void aResidentSizeLimitTheUserSetStands() throws IOException, InterruptedException {
    for (String name : NativeBackend.MAX_PHYSICAL_BYTES) {
      String output = describeIn("-D" + name + "=8g");
      assertTrue(output.contains("maxPhysicalBytes " + 8L * 1024 * 1024 * 1024), output);
    }
  }

  /** The session listener configured this JVM: ND4J keeps each op alive during its native call. */
  @Test
  void nd4jRunsItsOpsThroughTheReachableExecutioner() {
    assertInstanceOf(ReachableOpExecutioner.class, Nd4j.getExecutioner());
  }

  /** An executioner the user named stands. */
  @Test
  void anExecutionerTheUserNamedStands() throws IOException, InterruptedException {
    String nd4jOwn = NativeOpExecutioner.class.getName();
    String output = describeIn("-D" + NativeBackend.OP_EXECUTIONER + "=" + nd4jOwn);
    assertTrue(output.contains("executioner " + nd4jOwn + "\n"), output);
  }

  /** An empty extension, as the README tells users, selects the generic library in a new JVM. */
  @Test
  void anEmptyExtensionSelectsTheGenericLibrary() throws IOException, InterruptedException {
    String output = describeIn("-D" + NativeBackend.PLATFORM_EXTENSION + "=");
    assertTrue(output.contains("ND4J generic native library (no oneDNN)"), output);
  }

  /** What {@link DescribeBackend} prints in a new JVM started with {@code option}. */
  private static String describeIn(String option) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                option,
                "-cp",
                System.getProperty("java.class.path"),
                DescribeBackend.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), output);
    return output;
  }
}
