package dev.producttagger.trainer.blas;

import dev.producttagger.runtime.blas.FeatureShape;

/**
 * A biased dense layer, optionally followed by ReLU (an output layer's logits have none): forward
 * the inputs times the weights; backward the weights' gradient as the output's gradient transposed
 * times the inputs, and the inputs' as that gradient times the weights.
 */
final class Dense implements TrainingLayer {

  private final int inputs;
  private final int outputs;
  private final boolean rectified;
  private final int weightOffset;
  private final int biasOffset;
  private final NativeMatrix weights = new NativeMatrix();
  private final NativeMatrix input = new NativeMatrix();
  private final NativeMatrix product = new NativeMatrix();
  private final NativeMatrix weightGradient = new NativeMatrix();
  private final NativeMatrix inputGradientProduct = new NativeMatrix();
  private final float[] bias;
  private float[] activations = new float[0];
  private float[] inputGradient = new float[0];

  /**
   * @param weightOffset where DL4J's {@code [inputs, outputs]} weights, in 'f' order (so {@code
   *     outputs} rows of {@code inputs}), start in the flattened parameters
   * @param biasOffset where the bias starts
   */
  Dense(int inputs, int outputs, boolean rectified, int weightOffset, int biasOffset) {
    this.inputs = inputs;
    this.outputs = outputs;
    this.rectified = rectified;
    this.weightOffset = weightOffset;
    this.biasOffset = biasOffset;
    this.bias = new float[outputs];
  }

  @Override
  public FeatureShape output() {
    return FeatureShape.vector(outputs);
  }

  @Override
  public void load(float[] parameters) {
    weights.ofSize((long) inputs * outputs).put(0, parameters, weightOffset, inputs * outputs);
    System.arraycopy(parameters, biasOffset, bias, 0, outputs);
  }

  @Override
  public float[] forward(float[] values, int images) {
    input.ofSize((long) images * inputs).put(0, values, 0, images * inputs);
    product.product(input, false, weights, true, images, outputs, inputs);
    int floats = images * outputs;
    activations = TrainingLayer.atLeast(activations, floats);
    product.ofSize(floats).get(0, activations, 0, floats);
    for (int image = 0; image < images; image++) {
      int at = image * outputs;
      for (int unit = 0; unit < outputs; unit++) {
        float value = activations[at + unit] + bias[unit];
        activations[at + unit] = rectified ? Math.max(value, 0f) : value;
      }
    }
    return activations;
  }

  @Override
  public float[] backward(float[] outputGradient, int images, float[] gradient, boolean toInput) {
    int floats = images * outputs;
    if (rectified) {
      for (int i = 0; i < floats; i++) {
        if (activations[i] <= 0f) {
          outputGradient[i] = 0f;
        }
      }
    }
    for (int unit = 0; unit < outputs; unit++) {
      gradient[biasOffset + unit] = 0f;
    }
    for (int image = 0; image < images; image++) {
      int at = image * outputs;
      for (int unit = 0; unit < outputs; unit++) {
        gradient[biasOffset + unit] += outputGradient[at + unit];
      }
    }
    product.ofSize(floats).put(0, outputGradient, 0, floats);
    // [outputs x inputs]: DL4J's 'f'-ordered [inputs, outputs] as it lies in the parameters.
    weightGradient.product(product, true, input, false, outputs, inputs, images);
    weightGradient.ofSize((long) outputs * inputs).get(0, gradient, weightOffset, outputs * inputs);
    if (!toInput) {
      return null;
    }
    inputGradientProduct.product(product, false, weights, false, images, inputs, outputs);
    int inputFloats = images * inputs;
    inputGradient = TrainingLayer.atLeast(inputGradient, inputFloats);
    inputGradientProduct.ofSize(inputFloats).get(0, inputGradient, 0, inputFloats);
    return inputGradient;
  }
}
