package dev.producttagger.tagger.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewersTest {

  @TempDir Path dir;

  private final SecureRandom random = new SecureRandom();

  private Reviewers reviewers(String... lines) throws IOException {
    return Reviewers.read(Files.write(dir.resolve("reviewers"), List.of(lines)));
  }

  @Test
  void aReviewerProvesTheirTokenAndNothingElseDoes() throws IOException {
    String token = Reviewers.newToken(random);
    Reviewers reviewers = reviewers("# comment", "", Reviewers.line("alice", token, random));

    assertEquals(Optional.of("alice"), reviewers.authenticate("Bearer alice:" + token));
    assertEquals(Optional.of("alice"), reviewers.authenticate("Bearer alice:" + token));
    assertEquals(Optional.empty(), reviewers.authenticate("Bearer alice:" + token + "x"));
    assertEquals(Optional.empty(), reviewers.authenticate("Bearer bob:" + token));
    assertEquals(Optional.empty(), reviewers.authenticate("Bearer " + token));
    assertEquals(Optional.empty(), reviewers.authenticate("alice:" + token));
    assertEquals(Optional.empty(), reviewers.authenticate(null));
    assertTrue(reviewers.enabled());
    assertTrue(reviewers.knows("alice"));
  }

  @Test
  void theFileKeepsOnlyASaltedHash() {
    String token = "the-same-token";
    String first = Reviewers.line("alice", token, random);
    String second = Reviewers.line("alice", token, random);

    assertFalse(first.contains(token));
    assertNotEquals(first, second, "a fresh salt each time");
    assertTrue(first.startsWith("alice:pbkdf2-sha256:" + Reviewers.ITERATIONS + ":"), first);
  }

  @Test
  void noReviewersTakeNoDecisions() throws IOException {
    assertFalse(Reviewers.none().enabled());
    assertFalse(reviewers("# nobody yet").enabled());
  }

  @Test
  void aFileThatIsNotAReviewersFileNamesItsBadLine() {
    String good = Reviewers.line("alice", "t", random);
    IOException wrongShape =
        assertThrows(IOException.class, () -> reviewers(good, "bob:plaintext-password"));
    assertTrue(
        wrongShape.getMessage().contains("line 2: expected ID:pbkdf2-sha256"),
        wrongShape.getMessage());
    assertTrue(
        assertThrows(IOException.class, () -> reviewers(good, good))
            .getMessage()
            .contains("listed twice"));
    assertThrows(IOException.class, () -> reviewers("alice:pbkdf2-sha256:0:c2FsdA==:aGFzaA=="));
    assertThrows(IOException.class, () -> reviewers("alice:pbkdf2-sha256:10:!!:aGFzaA=="));
    assertThrows(IOException.class, () -> reviewers("al ice:pbkdf2-sha256:10:c2FsdA==:aGFzaA=="));
    assertThrows(IllegalArgumentException.class, () -> Reviewers.line("a:b", "t", random));
  }
}
