package dev.producttagger.schemas.bundle;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The optional {@code signature} entry: hex HMAC-SHA256 of the exact manifest.json bytes. The
 * manifest holds the SHA-256 of the other entries, so signing it covers the whole bundle.
 */
final class BundleSignature {

  private static final String ALGORITHM = "HmacSHA256";

  private BundleSignature() {}

  /** The signature entry's content: 64 lower-case hex digits, ASCII. */
  static String sign(byte[] key, byte[] manifestJson) {
    return HexFormat.of().formatHex(hmac(key, manifestJson));
  }

  /**
   * Whether {@code signature} is the manifest's HMAC under {@code key}, compared in constant time.
   */
  static boolean matches(byte[] key, byte[] manifestJson, byte[] signature) {
    byte[] claimed;
    try {
      claimed = HexFormat.of().parseHex(new String(signature, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    return MessageDigest.isEqual(hmac(key, manifestJson), claimed);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    if (key.length == 0) {
      throw new IllegalArgumentException("an HMAC key must not be empty");
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java platform must provide " + ALGORITHM, e);
    }
  }
}
