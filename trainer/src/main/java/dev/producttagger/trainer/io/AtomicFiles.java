package dev.producttagger.trainer.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Replaces files so that a reader, or a run cut off at any instant, sees either the old complete
 * file or the new complete file: write a temporary file beside the target, then rename.
 */
public final class AtomicFiles {

  /** Writes the content of a file to the path it is given. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(Path file) throws IOException;
  }

  private AtomicFiles() {}

  public static void replace(Path target, Writer writer) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    // Beside the target, so the rename stays on one file system and is atomic.
    Path temporary =
        directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      writer.writeTo(temporary);
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  public static void replace(Path target, byte[] content) throws IOException {
    replace(target, file -> Files.write(file, content));
  }
}
