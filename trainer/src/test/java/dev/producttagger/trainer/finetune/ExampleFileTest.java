package dev.producttagger.trainer.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.schemas.events.LabelledExample;
import dev.producttagger.schemas.serde.EventSerdes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleFileTest {

  @TempDir Path dir;

  private final List<LabelledExample> examples = TestExamples.fromTraining(0, 5, 0, 3);

  @Test
  void writesOneExampleALineAsTheSerdeWritesItAndReadsThemBack() throws Exception {
    Path file = dir.resolve("examples.jsonl");
    ExampleSet set = ExampleSet.of(examples);

    ExampleFile.write(file, set);

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(examples.size(), lines.size());
    for (int i = 0; i < lines.size(); i++) {
      byte[] serdes = EventSerdes.labelledExample().serialize(set.examples().get(i));
      assertEquals(new String(serdes, StandardCharsets.UTF_8), lines.get(i));
    }
    LoadedExamples read = ExampleFile.read(file);
    assertEquals(set, read.examples());
    assertEquals("examples.jsonl", read.origin().file());
    assertEquals(
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))),
        read.origin().fileSha256());
    assertEquals(
        "examples.jsonl", read.origin().hyperParameters().get("examplesFile"), "the name only");
  }

  @Test
  void readsAFileWithWindowsLineEndsAndWithoutAFinalLineEnd() throws IOException {
    Path file = dir.resolve("crlf.jsonl");
    Files.writeString(file, line(examples.get(0)) + "\r\n" + line(examples.get(1)));

    assertEquals(ExampleSet.of(examples.subList(0, 2)), ExampleFile.read(file).examples());
  }

  @Test
  void keepsTheLaterLineOfAnEventIdAsCompactionKeepsTheNewerRecord() throws IOException {
    LabelledExample decidedAgain = TestExamples.relabelled(examples.get(0), 8);
    Path file = dir.resolve("twice.jsonl");
    Files.writeString(
        file,
        line(examples.get(0)) + "\n" + line(examples.get(1)) + "\n" + line(decidedAgain) + "\n");

    ExampleSet read = ExampleFile.read(file).examples();

    assertEquals(ExampleSet.of(List.of(decidedAgain, examples.get(1))), read);
  }

  @Test
  void refusesABadLineByItsNumber() throws IOException {
    List<String> lines = new ArrayList<>();
    examples.forEach(example -> lines.add(line(example)));
    lines.set(2, lines.get(2).replace("\"productId\"", "\"productID\""));
    Path file = Files.write(dir.resolve("bad.jsonl"), lines);

    IOException e = assertThrows(IOException.class, () -> ExampleFile.read(file));
    assertTrue(e.getMessage().startsWith(file + " line 3: "), e.getMessage());
    assertTrue(e.getMessage().contains("productId"), e.getMessage());

    Path notJson =
        Files.writeString(dir.resolve("text.jsonl"), line(examples.get(0)) + "\nhello\n");
    e = assertThrows(IOException.class, () -> ExampleFile.read(notJson));
    assertTrue(e.getMessage().startsWith(notJson + " line 2: "), e.getMessage());

    Path blank = Files.writeString(dir.resolve("blank.jsonl"), "\n" + line(examples.get(0)) + "\n");
    e = assertThrows(IOException.class, () -> ExampleFile.read(blank));
    assertTrue(e.getMessage().startsWith(blank + " line 1: blank"), e.getMessage());
  }

  @Test
  void refusesALabelWhoseNameIsNotItsFashionMnistCategory() throws IOException {
    String coatCalledDress =
        line(TestExamples.relabelled(examples.get(0), 4)).replace("\"Coat\"", "\"Dress\"");
    Path file = Files.writeString(dir.resolve("label.jsonl"), coatCalledDress + "\n");

    IOException e = assertThrows(IOException.class, () -> ExampleFile.read(file));
    assertTrue(
        e.getMessage().contains("line 1: label 4 is \"Coat\", not \"Dress\""), e.getMessage());
  }

  @Test
  void refusesAFileWithoutExamples() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.jsonl"));

    IOException e = assertThrows(IOException.class, () -> ExampleFile.read(empty));
    assertEquals(empty + " holds no labelled examples", e.getMessage());
  }

  private static String line(LabelledExample example) {
    return new String(EventSerdes.labelledExample().serialize(example), StandardCharsets.UTF_8);
  }
}
