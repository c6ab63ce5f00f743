package dev.producttagger.benchmarks.cli;

import dev.producttagger.benchmarks.harness.PhotoAccuracy;
import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.runtime.ServingModel;
import dev.producttagger.runtime.backend.NativeBackend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code benchmarks photos}: accuracy on seller photos against gray8, and photo preprocessing
 * speed.
 */
@Command(
    name = "photos",
    mixinStandardHelpOptions = true,
    description =
        "Classify Fashion-MNIST items as gray8 and as synthetic seller photos (JPEG); write the"
            + " comparison to a Markdown file.")
final class PhotoBenchmarkCommand implements Callable<Integer> {

  /**
   * Which Fashion-MNIST file the items come from. Training items let a change to the photo
   * preprocessing be chosen without reading the test set.
   */
  enum Items {
    TEST,
    TRAINING
  }

  @Spec CommandSpec spec;
  @Mixin BundleOption model;

  @Option(
      names = "--count",
      defaultValue = "1000",
      description = "Items to use, the first ones of the file (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--items",
      defaultValue = "TEST",
      description =
          "TEST or TRAINING: the file the items come from; choose preprocessing changes on"
              + " TRAINING (default: ${DEFAULT-VALUE}).")
  Items items;

  @Option(
      names = "--width",
      defaultValue = "400",
      description = "Photo width (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(
      names = "--height",
      defaultValue = "500",
      description = "Photo height (default: ${DEFAULT-VALUE}).")
  int height;

  @Mixin DatasetOption dataset;

  @Option(
      names = "--out",
      defaultValue = "docs/benchmarks/photos.md",
      description = "Result file (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (count < 1) {
      throw new ParameterException(spec.commandLine(), "--count must be at least 1, not " + count);
    }
    ServingModel serving = model.serving();
    LabelledImages images =
        items == Items.TEST
            ? FashionMnist.loadTest(dataset.directory)
            : FashionMnist.loadTrain(dataset.directory);
    PhotoAccuracy result =
        PhotoAccuracy.measure(
            serving.predictor(), images, Math.min(count, images.size()), width, height, 2026);
    String report =
        String.format(
            Locale.ROOT,
            """
# Seller photos against gray8

Measured %s on %s, with `bin/launch benchmarks photos --model %s --items %s --count %d --width %d --height %d`.
Model: %s v%d (%s), test accuracy %.4f in its manifest.

The first %d Fashion-MNIST %s items, each classified from its 28x28 pixels (gray8) and from a synthetic
%dx%d seller photo: the item dark on a light background, enlarged 4x or more, tinted with a garment colour,
off-centre, JPEG quality 0.85 (`SellerPhotos`, seed 2026).

| input | accuracy |
|---|---|
| gray8 | %.4f |
| seller photo (JPEG) | %.4f |
| difference | %+.2f points |

Photos refused by the preprocessor: %d. Decode plus conversion on one thread: %.0f photos/s.
""",
            Instant.now(),
            NativeBackend.benchmarkMachine(),
            model.modelFile,
            items,
            count,
            width,
            height,
            serving.ref().name(),
            serving.ref().version(),
            serving.manifest().architecture(),
            serving.manifest().metrics().testAccuracy(),
            result.items(),
            items.name().toLowerCase(Locale.ROOT),
            width,
            height,
            result.gray8Accuracy(),
            result.photoAccuracy(),
            100 * (result.photoAccuracy() - result.gray8Accuracy()),
            result.rejectedPhotos(),
            result.photosPerSecond());
    BenchmarkReports.write(out, report, spec.commandLine().getOut());
    return 0;
  }
}
