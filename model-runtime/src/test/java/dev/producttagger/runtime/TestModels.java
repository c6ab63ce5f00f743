package dev.producttagger.runtime;

import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.Checksums;
import dev.producttagger.schemas.bundle.ClassMetrics;
import dev.producttagger.schemas.bundle.InputSpec;
import dev.producttagger.schemas.bundle.Metrics;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.bundle.Provenance;
import dev.producttagger.schemas.bundle.WeightsCodec;
import dev.producttagger.schemas.events.FashionCategories;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Small untrained networks packed as real bundles, for tests that need a model but not a good one.
 * In this module's test jar, shared with the trainer's, tagger's and benchmarks' tests.
 */
public final class TestModels {

  private TestModels() {}

  /**
   * {@code network} with every weight drawn afresh in [-spread/2, spread/2), so no parameter keeps
   * an initial value that would hide a misplaced one; batch-norm variances are kept positive.
   */
  public static MultiLayerNetwork withRandomWeights(
      MultiLayerNetwork network, long seed, float spread) {
    Random random = new Random(seed);
    float[] params = new float[(int) network.numParams()];
    for (int i = 0; i < params.length; i++) {
      params[i] = (random.nextFloat() - 0.5f) * spread;
    }
    network.setParams(Nd4j.create(params, new long[] {1, params.length}, DataType.FLOAT));
    for (org.deeplearning4j.nn.api.Layer layer : network.getLayers()) {
      INDArray variance = layer.paramTable().get(BatchNormalizationParamInitializer.GLOBAL_VAR);
      if (variance != null) {
        variance.assign(Transforms.abs(variance).addi(0.5));
      }
    }
    return network;
  }

  /** {@code count} seeded random pixel values in [0, 1). */
  public static float[] randomPixels(int count, long seed) {
    Random random = new Random(seed);
    float[] pixels = new float[count];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextFloat();
    }
    return pixels;
  }

  /** A tiny seeded CNN as a bundle; different seeds give different weights. */
  public static ModelBundle tinyBundle(String name, long version, long seed) {
    MultiLayerNetwork network = tinyNetwork(seed, FashionCategories.NAMES.size());
    return bundleOf(network, name, version, FashionCategories.NAMES);
  }

  public static MultiLayerNetwork tinyNetwork(long seed, int classes) {
    return tinyNetwork(seed, classes, 0);
  }

  /**
   * A tiny seeded CNN whose layers with weights carry {@code weightDecay} as the trainer's {@code
   * --weight-decay} sets it (none when 0).
   */
  public static MultiLayerNetwork tinyNetwork(long seed, int classes, double weightDecay) {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .updater(new Adam(1e-3))
            .list()
            .layer(
                new ConvolutionLayer.Builder(3, 3)
                    .nOut(4)
                    .activation(Activation.RELU)
                    .weightDecay(weightDecay, true)
                    .build())
            .layer(
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                    .kernelSize(2, 2)
                    .stride(2, 2)
                    .build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(classes)
                    .activation(Activation.SOFTMAX)
                    .weightDecay(weightDecay, true)
                    .build())
            .setInputType(InputType.convolutional(28, 28, 1))
            .build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return network;
  }

  /** Packs a network exactly as the trainer does: configuration JSON plus raw float32 weights. */
  public static ModelBundle bundleOf(
      MultiLayerNetwork network, String name, long version, List<String> classNames) {
    byte[] networkJson =
        network.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8);
    byte[] weights = WeightsCodec.encode(network.params().toFloatVector());
    List<ClassMetrics> perClass =
        classNames.stream().map(c -> new ClassMetrics(c, 0.5, 0.5, 0.5, 1000)).toList();
    BundleManifest manifest =
        new BundleManifest(
            name,
            version,
            Instant.parse("2026-11-27T00:00:00Z"),
            "test-tiny",
            classNames,
            InputSpec.fashionMnist(),
            new Provenance(
                Map.of("t10k-images-idx3-ubyte.gz", "0".repeat(64)),
                1,
                1,
                Map.of("test", "true"),
                0.1,
                "TestModels"),
            new Metrics(0.5, 0.5, perClass, 0.6),
            network.numParams(),
            Checksums.sha256Hex(weights),
            Checksums.sha256Hex(networkJson));
    return new ModelBundle(manifest, networkJson, weights);
  }

  /** The good bundle with another network.json, its manifest's checksums to match. */
  public static ModelBundle withNetwork(ModelBundle good, byte[] networkJson) {
    return repack(good, good.manifest().input(), networkJson, good.weights());
  }

  /**
   * The good bundle with its first layer's weight initialisation replaced by {@code
   * weightInitJson}: a place where a bundle can name a class of its choosing.
   */
  public static ModelBundle withWeightInit(ModelBundle good, String weightInitJson) {
    String network = new String(good.networkJson(), StandardCharsets.UTF_8);
    String replaced =
        network.replaceFirst(
            "\\{\\s*\"@class\"\\s*:\\s*\"org\\.deeplearning4j\\.nn\\.weights\\.WeightInit[^\"]*\"\\s*}",
            Matcher.quoteReplacement(weightInitJson));
    if (replaced.equals(network)) {
      throw new IllegalArgumentException("the network has no weight initialisation to replace");
    }
    return withNetwork(good, replaced.getBytes(StandardCharsets.UTF_8));
  }

  /** The good bundle with other contents, its manifest's checksums and parameter count to match. */
  public static ModelBundle repack(
      ModelBundle good, InputSpec input, byte[] networkJson, byte[] weights) {
    BundleManifest m = good.manifest();
    BundleManifest manifest =
        new BundleManifest(
            m.name(),
            m.version(),
            m.createdAt(),
            m.architecture(),
            m.classNames(),
            input,
            m.provenance(),
            m.metrics(),
            weights.length / Float.BYTES,
            Checksums.sha256Hex(weights),
            Checksums.sha256Hex(networkJson));
    return new ModelBundle(manifest, networkJson, weights);
  }

  public static byte[] tinyBundleBytes(String name, long version, long seed) {
    return tinyBundle(name, version, seed).toBytes(Optional.empty());
  }

  /**
   * A valid bundle without a network behind it, stating {@code testAccuracy}: for tests of what
   * checks the bundle format and the manifest (publishing, the model topic) but never runs the
   * model.
   */
  public static ModelBundle placeholderBundle(String name, long version, double testAccuracy) {
    byte[] networkJson = "{\"placeholder\":true}".getBytes(StandardCharsets.UTF_8);
    byte[] weights = WeightsCodec.encode(new float[] {0.25f, -0.5f, 1f, (float) version});
    List<ClassMetrics> perClass =
        FashionCategories.NAMES.stream()
            .map(
                className ->
                    new ClassMetrics(className, testAccuracy, testAccuracy, testAccuracy, 1000))
            .toList();
    BundleManifest manifest =
        new BundleManifest(
            name,
            version,
            Instant.parse("2026-11-27T12:00:00Z"),
            "paper-dropout",
            FashionCategories.NAMES,
            InputSpec.fashionMnist(),
            new Provenance(Map.of(), 7, 3, Map.of("batchSize", "64"), 60, "trainer test"),
            new Metrics(testAccuracy, testAccuracy, perClass, 0.8),
            4,
            Checksums.sha256Hex(weights),
            Checksums.sha256Hex(networkJson));
    return new ModelBundle(manifest, networkJson, weights);
  }
}
