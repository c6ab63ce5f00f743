package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium and its driver for the browser tests: skipped where they are missing, except in
 * CI ({@code CI=true}), where their absence fails the build.
 */
final class Browsers {

  private Browsers() {}

  static Path chromium() {
    return onPathOrSkip("chromium", "chromium");
  }

  static Path chromedriver() {
    return onPathOrSkip("chromedriver", "chromium-driver");
  }

  private static Path onPathOrSkip(String program, String debianPackage) {
    Optional<Path> found =
        Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(dir -> !dir.isEmpty())
            .map(dir -> Path.of(dir, program))
            .filter(Files::isExecutable)
            .findFirst();
    if (found.isPresent()) {
      return found.get();
    }
    String missing = program + " is not on PATH (Debian: apt-get install " + debianPackage + ")";
    if ("true".equals(System.getenv("CI"))) {
      return fail(missing + "; CI must install it to test the web pages");
    }
    return Assumptions.abort(missing + ": skipping the browser test");
  }
}
