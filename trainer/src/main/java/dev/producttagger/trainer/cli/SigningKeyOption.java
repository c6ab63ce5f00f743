package dev.producttagger.trainer.cli;

import java.io.IOException;
import java.nio.file.Files;
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
    byte[] key = Files.readAllBytes(file);
    if (key.length == 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--hmac-key-file " + file + " is empty; a signing key needs at least one byte");
    }
    return Optional.of(key);
  }
}
