package dev.producttagger.trainer.blas;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A row-major matrix of floats in native memory, where OpenBLAS reads and writes it without a copy.
 * It grows to the largest size asked for and is then reused: a layer's matrices are megabytes, and
 * allocating native memory every step would cost more than filling it.
 */
final class NativeMatrix {

  private FloatPointer pointer;

  /** Ones to sum a matrix's columns with, grown like the matrix; null until first needed. */
  private FloatPointer ones;

  private long onesLength;
  private FloatBuffer view = FloatBuffer.allocate(0);

  /** This matrix resized to hold at least {@code floats}, as a buffer to fill or read by index. */
  FloatBuffer ofSize(long floats) {
    if (view.capacity() < floats) {
      if (pointer != null) {
        pointer.close();
      }
      pointer = new FloatPointer(floats);
      view = pointer.asBuffer();
    }
    return view;
  }

  /**
   * Sets this {@code rows x columns} matrix to {@code a x b}, where {@code a} is {@code rows x
   * depth} (or its transpose is) and {@code b} is {@code depth x columns} (or its transpose is).
   */
  void product(
      NativeMatrix a,
      boolean transposeA,
      NativeMatrix b,
      boolean transposeB,
      int rows,
      int columns,
      int depth) {
    ofSize((long) rows * columns);
    cblas_sgemm(
        CblasRowMajor,
        transposeA ? CblasTrans : CblasNoTrans,
        transposeB ? CblasTrans : CblasNoTrans,
        rows,
        columns,
        depth,
        1f,
        a.pointer,
        transposeA ? rows : depth,
        b.pointer,
        transposeB ? depth : columns,
        0f,
        pointer,
        columns);
  }

  /**
   * Sets this vector of {@code columns} floats to the sums of the columns of {@code matrix}, {@code
   * rows x columns}: a bias's gradient from its layer's output gradient, in one BLAS call.
   */
  void columnSums(NativeMatrix matrix, int rows, int columns) {
    ofSize(columns);
    if (onesLength < rows) {
      if (ones != null) {
        ones.close();
      }
      float[] values = new float[rows];
      Arrays.fill(values, 1f);
      ones = new FloatPointer(values);
      onesLength = rows;
    }
    cblas_sgemv(
        CblasRowMajor,
        CblasTrans,
        rows,
        columns,
        1f,
        matrix.pointer,
        columns,
        ones,
        1,
        0f,
        pointer,
        1);
  }
}
