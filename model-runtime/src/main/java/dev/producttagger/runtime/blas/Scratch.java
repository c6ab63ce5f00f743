package dev.producttagger.runtime.blas;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Buffers for one forward pass at a time: native ones for the left matrix of each product and its
 * result, and two activation arrays that the layers write in turn, each reading the other. They
 * grow to the largest size seen and are then reused: allocating native memory on every call would
 * cost more than a small batch's arithmetic, and fresh arrays for every layer would make about a
 * megabyte of garbage per batch of 8 images of the paper's CNN.
 */
final class Scratch {

  private float[] activations = new float[0];
  private float[] otherActivations = new float[0];

  private FloatPointer left;
  private FloatBuffer leftView = FloatBuffer.allocate(0);
  private FloatPointer product;
  private FloatBuffer productView = FloatBuffer.allocate(0);

  /** A buffer of at least {@code floats} for the next product's left matrix, to fill row-major. */
  FloatBuffer left(long floats) {
    if (leftView.capacity() < floats) {
      close(left);
      left = new FloatPointer(floats);
      leftView = left.asBuffer();
    }
    return leftView;
  }

  /**
   * An array of at least {@code floats} for a layer's output that is not {@code input}, the layer's
   * input: valid until the next layer but one asks for its own.
   */
  float[] activations(float[] input, int floats) {
    if (input == activations) {
      float[] swap = activations;
      activations = otherActivations;
      otherActivations = swap;
    }
    if (activations.length < floats) {
      activations = new float[floats];
    }
    return activations;
  }

  /**
   * The {@code rows x weights.columns()} product of the {@code rows x weights.rows()} matrix
   * written into {@link #left} and {@code weights}, by OpenBLAS' single-precision matrix product,
   * in an {@link #activations} array other than {@code input}.
   */
  float[] times(int rows, WeightMatrix weights, float[] input) {
    int depth = weights.rows();
    int columns = weights.columns();
    int floats = rows * columns;
    if (productView.capacity() < floats) {
      close(product);
      product = new FloatPointer((long) floats);
      productView = product.asBuffer();
    }
    cblas_sgemm(
        CblasRowMajor,
        CblasNoTrans,
        CblasNoTrans,
        rows,
        columns,
        depth,
        1f,
        left,
        depth,
        weights.values(),
        columns,
        0f,
        product,
        columns);
    float[] result = activations(input, floats);
    productView.get(0, result, 0, floats);
    return result;
  }

  /** Frees a buffer now rather than when the collector finds it: they can be megabytes. */
  private static void close(FloatPointer buffer) {
    if (buffer != null) {
      buffer.close();
    }
  }
}
