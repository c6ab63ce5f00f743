package dev.producttagger.trainer.train;

import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress bar over one epoch's training images showing running loss, accuracy and images/s.
 * Without a terminal (nohup, CI, a pipe) the same text goes to the log every {@link
 * #LOG_INTERVAL_MILLIS} instead of redrawing a line.
 */
final class EpochProgress implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EpochProgress.class);
  private static final int LOG_INTERVAL_MILLIS = 30_000;

  private final ProgressBar bar;

  private EpochProgress(ProgressBar bar) {
    this.bar = bar;
  }

  static EpochProgress start(int epoch, int plannedEpochs, int images) {
    ProgressBarBuilder builder =
        new ProgressBarBuilder()
            .setTaskName("epoch " + epoch + "/" + plannedEpochs)
            .setInitialMax(images)
            .setUnit(" img", 1)
            .showSpeed()
            .setSpeedUnit(ChronoUnit.SECONDS);
    if (System.console() == null) {
      builder
          .setConsumer(new DelegatingProgressBarConsumer(withoutRepeats(LOG::info), 160))
          .setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(LOG_INTERVAL_MILLIS);
    }
    return new EpochProgress(builder.build());
  }

  /** The bar renders its final state twice on close; a log needs it once. */
  private static Consumer<String> withoutRepeats(Consumer<String> sink) {
    String[] last = {null};
    return line -> {
      if (!line.equals(last[0])) {
        last[0] = line;
        sink.accept(line);
      }
    };
  }

  void advance(int images, double meanLoss, double accuracy) {
    bar.setExtraMessage(String.format(" loss %.4f acc %.4f", meanLoss, accuracy));
    bar.stepBy(images);
  }

  @Override
  public void close() {
    bar.close();
  }
}
