package dev.producttagger.schemas.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The HMAC-SHA256 key bundles are signed with, as the trainer and the tagger both read it: a file's
 * bytes exactly, so the same file always gives the same key.
 */
public final class SigningKeyFile {

  private SigningKeyFile() {}

  /**
   * @throws IllegalArgumentException if the file is empty, which no HMAC key may be
   */
  public static byte[] read(Path file) throws IOException {
    byte[] key = Files.readAllBytes(file);
    if (key.length == 0) {
      throw new IllegalArgumentException(
          "--hmac-key-file " + file + " is empty; a signing key needs at least one byte");
    }
    return key;
  }
}
