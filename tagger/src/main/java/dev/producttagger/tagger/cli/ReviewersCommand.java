package dev.producttagger.tagger.cli;

import dev.producttagger.tagger.review.Reviewers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tagger reviewers}: manages the reviewers file that {@code --reviewers} reads. */
@Command(
    name = "reviewers",
    mixinStandardHelpOptions = true,
    description = "Manage who may decide review requests (the file given to --reviewers).",
    subcommands = {ReviewersCommand.Add.class})
final class ReviewersCommand {

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Adds a reviewer with a new random token to the reviewers file (created, readable by its"
            + " owner only, if missing) and prints the token once: only a salted PBKDF2 hash of it"
            + " is stored.",
        "The reviewer signs in on the review page with the id and the token; API clients send"
            + " 'Authorization: Bearer ID:TOKEN'. A running tagger reads the file at start."
      })
  static final class Add implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--file",
        required = true,
        paramLabel = "FILE",
        description = "The reviewers file.")
    Path file;

    @Option(
        names = "--id",
        required = true,
        description = "The reviewer's id: 1 to 64 of A-Z a-z 0-9 . _ @ -.")
    String id;

    @Override
    public Integer call() throws IOException {
      if (!Reviewers.ID.matcher(id).matches()) {
        throw new ParameterException(
            spec.commandLine(), "--id must be 1 to 64 of A-Z a-z 0-9 . _ @ -, got '" + id + "'");
      }
      if (Files.exists(file) && Reviewers.read(file).knows(id)) {
        throw new ParameterException(
            spec.commandLine(), "reviewer '" + id + "' is already in " + file);
      }
      SecureRandom random = new SecureRandom();
      String token = Reviewers.newToken(random);
      createOwnerOnly(file);
      Files.writeString(
          file,
          Reviewers.line(id, token, random) + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      spec.commandLine().getOut().printf("added reviewer %s to %s%ntoken: %s%n", id, file, token);
      return 0;
    }

    private static void createOwnerOnly(Path file) throws IOException {
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        // Appending to the reviewers already there.
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
    }
  }
}
