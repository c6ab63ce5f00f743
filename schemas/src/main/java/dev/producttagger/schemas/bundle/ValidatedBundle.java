package dev.producttagger.schemas.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A bundle that passed every check, with the exact bytes it was read from: publishing it unchanged
 * sends those bytes, so a signature stays valid; publishing it with another manifest writes and
 * signs it again.
 */
public final class ValidatedBundle {

  private final ModelBundle bundle;
  private final byte[] bytes;
  private final boolean signed;

  private ValidatedBundle(ModelBundle bundle, byte[] bytes, boolean signed) {
    this.bundle = bundle;
    this.bytes = bytes;
    this.signed = signed;
  }

  /**
   * Reads and checks {@code bytes} as {@link ModelBundle#read(byte[], BundleLimits, Optional)}
   * does.
   *
   * @throws InvalidBundleException for any problem
   */
  public static ValidatedBundle read(byte[] bytes, BundleLimits limits, Optional<byte[]> hmacKey) {
    ModelBundle bundle = ModelBundle.read(bytes, limits, hmacKey);
    return new ValidatedBundle(bundle, bytes, hasSignatureEntry(bytes));
  }

  /**
   * Reads and checks a bundle file, refusing one larger than the limits before reading it.
   *
   * @throws IOException "invalid bundle FILE: ..." for a bundle that fails a check, or the file
   *     cannot be read
   */
  public static ValidatedBundle read(Path file, BundleLimits limits, Optional<byte[]> hmacKey)
      throws IOException {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > limits.maxTotalBytes()) {
        throw new IOException(
            "invalid bundle "
                + file
                + ": it has "
                + size
                + " bytes, more than the "
                + limits.maxTotalBytes()
                + " a bundle may have");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException("cannot read bundle " + file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new IOException("cannot read bundle " + file + ": permission denied", e);
    }
    try {
      return read(bytes, limits, hmacKey);
    } catch (InvalidBundleException e) {
      throw new IOException("invalid bundle " + file + ": " + e.getMessage(), e);
    }
  }

  /** The bundle's contents, for loading its network. */
  public ModelBundle contents() {
    return bundle;
  }

  public BundleManifest manifest() {
    return bundle.manifest();
  }

  /**
   * The bytes to publish with {@code manifest}: the original bytes when it is the bundle's own,
   * otherwise the bundle written again with it, signed with {@code hmacKey} when given.
   *
   * @throws IOException when the manifest changes, the bundle is signed and there is no key: the
   *     old signature covered the old manifest, and an unsigned copy would be refused by taggers
   *     that require signatures
   */
  public byte[] bytesWith(BundleManifest manifest, Optional<byte[]> hmacKey) throws IOException {
    if (manifest.equals(bundle.manifest())) {
      return bytes.clone();
    }
    if (signed && hmacKey.isEmpty()) {
      throw new IOException(
          "the bundle is signed; changing its version needs the signing key (--hmac-key-file) to"
              + " sign it again");
    }
    return new ModelBundle(manifest, bundle.networkJson(), bundle.weights()).toBytes(hmacKey);
  }

  /** Only called on bytes that already read as a valid bundle. */
  private static boolean hasSignatureEntry(byte[] validBundle) {
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(validBundle))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.getName().equals(ModelBundle.SIGNATURE_ENTRY)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("reading a bundle from memory failed", e);
    }
  }
}
