package dev.producttagger.trainer.cli;

import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.trainer.report.Report;
import dev.producttagger.trainer.report.ReportedRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes an HTML report with PNG figures and report.json on one or more runs, in the spirit of"
          + " the paper's figures: class distribution, accuracy and loss per epoch, correctly and"
          + " wrongly classified test images, the confusion matrix, per-class metrics, and our"
          + " numbers beside the paper's.",
      "Runs without evaluation.json (see 'evaluate' and 'export') show their training curves only."
    })
final class ReportCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--run-dir",
      required = true,
      description = "A run directory written by 'trainer train'; repeat for more runs.")
  private List<Path> runDirectories;

  @Option(
      names = "--name",
      description = "The report's name (default: the run directories' names joined by -vs-).")
  private String name;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where to write the report (default: docs/report/NAME).")
  private Path out;

  @Option(
      names = "--samples",
      defaultValue = "12",
      description =
          "Correctly and wrongly classified test images to show per evaluated run (default:"
              + " ${DEFAULT-VALUE} each).")
  private int samples;

  @Option(
      names = "--data-dir",
      defaultValue = "${sys:producttagger.home:-.}/data/fashion-mnist",
      description =
          "Directory with the four Fashion-MNIST IDX .gz files (default: ${DEFAULT-VALUE}).")
  private Path dataDirectory;

  @Override
  public Integer call() throws Exception {
    List<ReportedRun> runs = new ArrayList<>();
    for (Path directory : runDirectories) {
      runs.add(ReportedRun.load(directory));
    }
    String reportName =
        name != null
            ? name
            : runs.stream().map(ReportedRun::name).collect(Collectors.joining("-vs-"));
    Path directory = out != null ? out : Path.of("docs", "report", reportName);
    try {
      Report.write(
          reportName,
          runs,
          FashionMnist.loadTrain(dataDirectory),
          FashionMnist.loadTest(dataDirectory),
          samples,
          directory);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    spec.commandLine()
        .getOut()
        .printf(
            "wrote %s and %s with its figures to %s%n",
            Report.HTML_FILE, Report.JSON_FILE, directory);
    return 0;
  }
}
