package dev.producttagger.schemas.bundle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The project's one SHA-256 helper, for bundle contents, dataset files and anything else. */
public final class Checksums {

  private Checksums() {}

  /** SHA-256 of {@code data} as 64 lower-case hex digits. */
  public static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
