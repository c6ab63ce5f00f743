package dev.producttagger.schemas.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.schemas.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidatedBundleTest {

  private static final Optional<byte[]> KEY =
      Optional.of("the taggers' key".getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;

  @Test
  void itsOwnManifestPublishesTheExactBytesItWasReadFrom() throws IOException {
    byte[] signed = Samples.bundle().toBytes(KEY);
    ValidatedBundle bundle = ValidatedBundle.read(signed, BundleLimits.DEFAULT, Optional.empty());

    assertArrayEquals(signed, bundle.bytesWith(bundle.manifest(), Optional.empty()));
  }

  @Test
  void anotherManifestIsWrittenAgainAndSignedWithTheKey() throws IOException {
    ValidatedBundle bundle =
        ValidatedBundle.read(Samples.bundle().toBytes(KEY), BundleLimits.DEFAULT, KEY);

    byte[] renumbered = bundle.bytesWith(bundle.manifest().withVersion(8), KEY);

    assertEquals(8, ModelBundle.read(renumbered, BundleLimits.DEFAULT, KEY).manifest().version());
  }

  @Test
  void aSignedBundleCannotChangeItsManifestWithoutTheKey() {
    ValidatedBundle signed =
        ValidatedBundle.read(Samples.bundle().toBytes(KEY), BundleLimits.DEFAULT, Optional.empty());

    IOException e =
        assertThrows(
            IOException.class,
            () -> signed.bytesWith(signed.manifest().withVersion(8), Optional.empty()));
    assertTrue(e.getMessage().startsWith("the bundle is signed"), e.getMessage());
  }

  @Test
  void anUnsignedBundleChangesItsManifestUnsigned() throws IOException {
    ValidatedBundle unsigned =
        ValidatedBundle.read(
            Samples.bundle().toBytes(Optional.empty()), BundleLimits.DEFAULT, Optional.empty());

    byte[] renumbered = unsigned.bytesWith(unsigned.manifest().withVersion(8), Optional.empty());

    assertEquals(
        InvalidBundleException.Problem.SIGNATURE_MISSING,
        assertThrows(
                InvalidBundleException.class,
                () -> ModelBundle.read(renumbered, BundleLimits.DEFAULT, KEY))
            .problem());
  }

  @Test
  void aFileThatIsMissingOrNotABundleIsOneSentence() throws IOException {
    Path missing = dir.resolve("missing.bundle");
    assertEquals(
        "cannot read bundle " + missing + ": no such file",
        assertThrows(
                IOException.class,
                () -> ValidatedBundle.read(missing, BundleLimits.DEFAULT, Optional.empty()))
            .getMessage());

    Path text = Files.writeString(dir.resolve("text.bundle"), "hello");
    assertTrue(
        assertThrows(
                IOException.class,
                () -> ValidatedBundle.read(text, BundleLimits.DEFAULT, Optional.empty()))
            .getMessage()
            .startsWith("invalid bundle " + text + ": NOT_A_ZIP"));
  }
}
