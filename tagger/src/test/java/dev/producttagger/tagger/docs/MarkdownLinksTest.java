package dev.producttagger.tagger.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link in the repository's Markdown resolves to a file inside the repository: the
 * docs are read by people who cloned it, for whom a link to a sibling folder or to a path on the
 * author's machine is dead. Also keeps the README short enough to be read.
 */
final class MarkdownLinksTest {

  private static final int README_MAX_BYTES = 15_000;

  /** Build output, dependencies and local data: not the project's docs. */
  private static final Set<String> SKIPPED =
      Set.of("target", "node_modules", ".git", "demo-data", "runs");

  /** Inline links and images {@code [text](target "title")}, reference definitions, img tags. */
  private static final List<Pattern> LINKS =
      List.of(
          Pattern.compile("\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)"),
          Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)"),
          Pattern.compile(
              "<img\\b[^>]*\\bsrc\\s*=\\s*[\"']([^\"']+)[\"']", Pattern.CASE_INSENSITIVE));

  /** Code is not a link, and shell snippets in code often hold brackets. */
  private static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");

  @Test
  void everyRelativeLinkResolvesInsideTheRepository() throws IOException {
    Path root = repositoryRoot();
    List<String> broken = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> isDoc(root, f)).sorted().toList()) {
        broken.addAll(brokenLinks(root, file, Files.readAllLines(file, StandardCharsets.UTF_8)));
      }
    }
    assertTrue(broken.isEmpty(), "broken Markdown links:\n" + String.join("\n", broken));
  }

  @Test
  void theReadmeStaysShort() throws IOException {
    long size = Files.size(repositoryRoot().resolve("README.md"));
    assertTrue(
        size <= README_MAX_BYTES, "README.md has " + size + " bytes, over " + README_MAX_BYTES);
  }

  /** The check must be able to fail: links out of the root, absolute or to missing files. */
  @Test
  void brokenLinksAreReportedAndOthersAreNot(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("docs/contract.md"), "# Contract");
    List<String> lines =
        List.of(
            "[a](../outside.md), [b](https://example.com), [c](#anchor), [d](/etc/passwd)",
            "```",
            "[in a code block](../ignored.md)",
            "```",
            "[e](missing.md#part) `[in a code span](../ignored.md)` <img src=\"missing.png\">",
            "[f]: ../shared/DESIGN.md",
            "[g](docs/contract.md#top) [h](docs/contract%2Emd) [i](docs) [j](docs/%zz)");
    assertEquals(
        List.of(
            "README.md:1 -> ../outside.md (outside the repository)",
            "README.md:1 -> /etc/passwd (absolute path)",
            "README.md:5 -> missing.md#part (no such file)",
            "README.md:5 -> missing.png (no such file)",
            "README.md:6 -> ../shared/DESIGN.md (outside the repository)",
            "README.md:7 -> docs/%zz (not a path)"),
        brokenLinks(root, root.resolve("README.md"), lines));
  }

  private static List<String> brokenLinks(Path root, Path file, List<String> lines) {
    List<String> broken = new ArrayList<>();
    boolean inFence = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.startsWith("```") || line.startsWith("~~~")) {
        inFence = !inFence;
      } else if (!inFence) {
        String text = CODE_SPAN.matcher(line).replaceAll("");
        for (Pattern link : LINKS) {
          Matcher m = link.matcher(text);
          while (m.find()) {
            String problem = problem(root, file.getParent(), m.group(1));
            if (problem != null) {
              String where = root.relativize(file) + ":" + (i + 1);
              broken.add(where + " -> " + m.group(1) + " (" + problem + ")");
            }
          }
        }
      }
    }
    return broken;
  }

  /** Why {@code target} is broken, or null when it is external, an anchor or an existing path. */
  private static String problem(Path root, Path directory, String target) {
    if (target.matches("(?i)(https?://|mailto:|#).*")) {
      return null;
    }
    try {
      // URLDecoder reads '+' as a space, which a file path never means.
      String path = target.replaceFirst("#.*", "").replace("+", "%2B");
      String decoded = URLDecoder.decode(path, StandardCharsets.UTF_8);
      if (decoded.startsWith("/") || decoded.matches("[A-Za-z]:[\\\\/].*")) {
        return "absolute path";
      }
      Path resolved = directory.resolve(decoded).normalize();
      if (!resolved.startsWith(root)) {
        return "outside the repository";
      }
      return Files.exists(resolved) ? null : "no such file";
    } catch (IllegalArgumentException e) { // a broken %-escape, or not a path on this system
      return "not a path";
    }
  }

  private static boolean isDoc(Path root, Path file) {
    for (Path part : root.relativize(file)) {
      if (SKIPPED.contains(part.toString())) {
        return false;
      }
    }
    return file.getFileName().toString().endsWith(".md") && Files.isRegularFile(file);
  }

  /** Tests run in their module's directory; the root is the first parent with mvnw and .ci. */
  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve(".ci"))) {
        return dir.normalize();
      }
    }
    throw new IllegalStateException("no directory with mvnw and .ci above the working directory");
  }
}
