package dev.producttagger.trainer.cli;

import dev.producttagger.schemas.bundle.SigningKeyFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --hmac-key-file}: the bundle signing key, the file's bytes exactly as the tagger reads
 * them.
 */
final class SigningKeyOption {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(
      names = "--hmac-key-file",
      paramLabel = "FILE",
      description =
          "HMAC-SHA256 signing key, the file's bytes as the tagger reads them. export signs the"
              + " bundle with it; publish accepts only a bundle signed with it and re-signs one"
              + " whose version it changes.")
  private Path file;

  /** The key, or empty without the option. */
  Optional<byte[]> key() throws IOException {
    if (file == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(SigningKeyFile.read(file));
    } catch (IllegalArgumentException empty) {
      throw new ParameterException(spec.commandLine(), empty.getMessage(), empty);
    }
  }
}
