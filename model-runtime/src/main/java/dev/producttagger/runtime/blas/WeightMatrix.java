package dev.producttagger.runtime.blas;

import org.bytedeco.javacpp.FloatPointer;

/**
 * A layer's weights as one row-major {@code rows x columns} matrix in native memory, where BLAS
 * reads it on every call without a copy. Never written after it is built, so passes on many threads
 * share it.
 */
final class WeightMatrix {

  private final FloatPointer values;
  private final int rows;
  private final int columns;

  WeightMatrix(float[] rowMajor, int rows, int columns) {
    if (rowMajor.length != (long) rows * columns) {
      throw new IllegalArgumentException(
          rowMajor.length + " weights for a " + rows + "x" + columns + " matrix");
    }
    this.values = new FloatPointer(rowMajor);
    this.rows = rows;
    this.columns = columns;
  }

  FloatPointer values() {
    return values;
  }

  int rows() {
    return rows;
  }

  int columns() {
    return columns;
  }
}
