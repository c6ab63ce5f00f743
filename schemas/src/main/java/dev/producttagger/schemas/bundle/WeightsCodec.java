package dev.producttagger.schemas.bundle;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The format of {@code weights.bin}: a network's parameters as float32 values, little-endian, in
 * the order of the framework's flattened parameter vector.
 */
public final class WeightsCodec {

  private WeightsCodec() {}

  /** The bytes of {@code parameters}: the content of a {@code weights.bin}. */
  public static byte[] encode(float[] parameters) {
    ByteBuffer buffer =
        ByteBuffer.allocate(parameters.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(parameters);
    return buffer.array();
  }

  /**
   * The parameters in the content of a {@code weights.bin}.
   *
   * @throws IllegalArgumentException if the length is not a whole number of float32 values
   */
  public static float[] decode(byte[] weights) {
    if (weights.length % Float.BYTES != 0) {
      throw new IllegalArgumentException(
          weights.length + " bytes are not a whole number of float32 values");
    }
    float[] parameters = new float[weights.length / Float.BYTES];
    ByteBuffer.wrap(weights).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(parameters);
    return parameters;
  }
}
