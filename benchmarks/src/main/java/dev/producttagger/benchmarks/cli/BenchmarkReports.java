package dev.producttagger.benchmarks.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where every benchmark command leaves its Markdown report: the --out file and the console. */
final class BenchmarkReports {

  private BenchmarkReports() {}

  static void write(Path out, String report, PrintWriter console) throws IOException {
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, report);
    console.print(report);
    console.flush();
  }
}
