package dev.producttagger.tagger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class StreamThreadsOptionTest {

  @Command(name = "tagging")
  static final class Tagging {
    @Mixin StreamThreadsOption threads;
  }

  @Test
  void withoutTheOptionATaggerRunsOneStreamThreadPerCore() {
    Tagging command = new Tagging();
    new CommandLine(command).parseArgs();

    assertEquals(Runtime.getRuntime().availableProcessors(), command.threads.count());
  }

  @Test
  void theOptionSetsTheCount() {
    Tagging command = new Tagging();
    new CommandLine(command).parseArgs("--threads", "3");

    assertEquals(3, command.threads.count());
  }
}
