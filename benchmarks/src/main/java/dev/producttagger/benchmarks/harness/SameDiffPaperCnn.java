package dev.producttagger.benchmarks.harness;

import dev.producttagger.benchmarks.harness.TrainingThroughput.Layout;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.weightinit.impl.XavierUniformInitScheme;
import org.nd4j.weightinit.impl.ZeroInitScheme;

/**
 * The paper's baseline CNN (three valid 3x3 convolutions of 32, 64 and 128 filters with ReLU, 2x2
 * max pools after the first two, dense 128, softmax over 10) as a SameDiff graph, trained with Adam
 * at 1e-3 like the trainer's. SameDiff runs the same libnd4j operations as DL4J's layers but in
 * either layout without permuting between them; the benchmark measures whether that trains faster.
 * Only for measuring: the trainer and the tagger use DL4J's network.
 */
public final class SameDiffPaperCnn {

  private static final String INPUT = "input";
  private static final String LABEL = "label";
  private static final int CLASSES = 10;
  private static final long FLATTENED = 3 * 3 * 128;

  private final SameDiff graph;
  private final Layout layout;

  public SameDiffPaperCnn(Layout layout, long seed) {
    this.layout = layout;
    Nd4j.getRandom().setSeed(seed);
    boolean channelsLast = layout == Layout.CHANNELS_LAST;
    graph = SameDiff.create();
    SDVariable images =
        channelsLast
            ? graph.placeHolder(INPUT, DataType.FLOAT, -1, 28, 28, 1)
            : graph.placeHolder(INPUT, DataType.FLOAT, -1, 1, 28, 28);
    SDVariable labels = graph.placeHolder(LABEL, DataType.FLOAT, -1, CLASSES);
    SDVariable x = maxPool(convRelu(images, "conv1", 1, 32), channelsLast);
    x = maxPool(convRelu(x, "conv2", 32, 64), channelsLast);
    x = convRelu(x, "conv3", 64, 128);
    // Both layouts flatten 3x3x128 features; the order differs, which a dense layer does not mind.
    x = graph.reshape(x, graph.constant(Nd4j.createFromArray(-1L, FLATTENED)));
    x = graph.nn().relu(dense(x, "dense", FLATTENED, 128), 0);
    SDVariable logits = dense(x, "output", 128, CLASSES);
    graph.loss().softmaxCrossEntropy("loss", labels, logits, null);
    graph.setTrainingConfig(
        TrainingConfig.builder()
            .updater(new Adam(1e-3))
            .dataSetFeatureMapping(INPUT)
            .dataSetLabelMapping(LABEL)
            .build());
  }

  /** One Adam step on a minibatch of [n, 1, 28, 28] images and one-hot labels. */
  public void fit(DataSet batch) {
    graph.fit(TrainingThroughput.inLayout(batch, layout));
  }

  /** The mean cross-entropy on a minibatch, for tests. */
  double loss(DataSet batch) {
    DataSet inLayout = TrainingThroughput.inLayout(batch, layout);
    return graph
        .output(Map.of(INPUT, inLayout.getFeatures(), LABEL, inLayout.getLabels()), "loss")
        .get("loss")
        .getDouble(0);
  }

  /** How many trainable numbers the graph holds: the DL4J network's count when built alike. */
  public long parameterCount() {
    return graph.variables().stream()
        .filter(v -> v.getVariableType() == VariableType.VARIABLE)
        .mapToLong(v -> v.getArr().length())
        .sum();
  }

  private SDVariable convRelu(SDVariable x, String name, int in, int out) {
    SDVariable weights =
        graph.var(
            name + "_W",
            new XavierUniformInitScheme('c', in * 9L, out * 9L),
            DataType.FLOAT,
            3,
            3,
            in,
            out);
    SDVariable bias = graph.var(name + "_b", new ZeroInitScheme('c'), DataType.FLOAT, out);
    Conv2DConfig config =
        Conv2DConfig.builder()
            .kH(3)
            .kW(3)
            .sH(1)
            .sW(1)
            .paddingMode(PaddingMode.VALID)
            .dataFormat(layout == Layout.CHANNELS_LAST ? "NHWC" : "NCHW")
            .build();
    return graph.nn().relu(graph.cnn().conv2d(x, weights, bias, config), 0);
  }

  private SDVariable maxPool(SDVariable x, boolean channelsLast) {
    return graph
        .cnn()
        .maxPooling2d(
            x,
            Pooling2DConfig.builder()
                .kH(2)
                .kW(2)
                .sH(2)
                .sW(2)
                .paddingMode(PaddingMode.VALID)
                .isNHWC(channelsLast)
                .build());
  }

  private SDVariable dense(SDVariable x, String name, long in, long out) {
    SDVariable weights =
        graph.var(name + "_W", new XavierUniformInitScheme('c', in, out), DataType.FLOAT, in, out);
    SDVariable bias = graph.var(name + "_b", new ZeroInitScheme('c'), DataType.FLOAT, out);
    return x.mmul(weights).add(bias);
  }
}
