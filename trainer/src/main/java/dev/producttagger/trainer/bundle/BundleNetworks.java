package dev.producttagger.trainer.bundle;

import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.bundle.WeightsCodec;
import java.nio.charset.StandardCharsets;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The inverse of {@link BundleExporter}: a bundle's network, built in the tagger's steps
 * (configuration from {@code network.json}, {@code init()}, then the weights). For bundles the
 * trainer is given on its own command line; the tagger's loader, which takes bundles from the model
 * topic, also refuses classes outside DL4J.
 */
public final class BundleNetworks {

  private BundleNetworks() {}

  public static MultiLayerNetwork network(ModelBundle bundle) {
    MultiLayerNetwork network =
        new MultiLayerNetwork(
            MultiLayerConfiguration.fromJson(
                new String(bundle.networkJson(), StandardCharsets.UTF_8)));
    network.init();
    float[] weights = WeightsCodec.decode(bundle.weights());
    network.setParams(Nd4j.create(weights, new long[] {1, weights.length}, DataType.FLOAT));
    return network;
  }
}
