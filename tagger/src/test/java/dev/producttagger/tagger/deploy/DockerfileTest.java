package dev.producttagger.tagger.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image build copies every module's pom before the sources, so that its dependency layer is
 * cached; a module missing there is only noticed when an image build goes offline. CI has no Docker
 * engine, so the file is checked against the root pom instead.
 */
class DockerfileTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void copiesThePomOfEveryModuleBeforeTheSources() throws IOException {
    List<String> modules = matches(ROOT.resolve("pom.xml"), "<module>([^<]+)</module>");
    List<String> copied =
        matches(ROOT.resolve("docker/Dockerfile"), "(?m)^COPY (\\S+)/pom\\.xml \\1/pom\\.xml$");

    assertFalse(modules.isEmpty(), "no modules found in the root pom");
    assertEquals(modules, copied);
  }

  private static List<String> matches(Path file, String regex) throws IOException {
    Matcher matcher = Pattern.compile(regex).matcher(Files.readString(file));
    return matcher.results().map(result -> result.group(1)).toList();
  }
}
