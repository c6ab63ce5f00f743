package dev.producttagger.tagger.cli;

import dev.producttagger.schemas.bundle.SigningKeyFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --hmac-key-file}: the bundle signing key, the file's bytes exactly. */
final class HmacKeyOption {

  @Option(
      names = "--hmac-key-file",
      paramLabel = "FILE",
      description =
          "HMAC-SHA256 bundle signing key, the file's bytes: only bundles signed with it are"
              + " accepted; a rollback signs the bundle it publishes with it.")
  Path file;

  /** The key, or empty without the option. */
  Optional<byte[]> key() throws IOException {
    if (file == null) {
      return Optional.empty();
    }
    return Optional.of(SigningKeyFile.read(file));
  }
}
