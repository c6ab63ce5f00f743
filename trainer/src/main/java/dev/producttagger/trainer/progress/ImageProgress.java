package dev.producttagger.trainer.progress;

import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress bar over the images of one long step (a training epoch, a teacher predicting the
 * training set) showing images/s and, optionally, a running message such as loss and accuracy.
 * Without a terminal (nohup, CI, a pipe) the same text goes to the log every {@link
 * #LOG_INTERVAL_MILLIS} instead of redrawing a line.
 */
public final class ImageProgress implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ImageProgress.class);
  private static final int LOG_INTERVAL_MILLIS = 30_000;

  private final ProgressBar bar;

  private ImageProgress(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar named {@code task} over {@code images}: redrawn on a terminal, else logged. */
  public static ImageProgress start(String task, int images) {
    return System.console() == null
        ? toLines(task, images, LOG::info, LOG_INTERVAL_MILLIS)
        : new ImageProgress(builder(task, images).build());
  }

  /** A bar that writes its lines to {@code sink} every {@code intervalMillis} and at the end. */
  static ImageProgress toLines(String task, int images, Consumer<String> sink, int intervalMillis) {
    return new ImageProgress(
        builder(task, images)
            .setConsumer(new DelegatingProgressBarConsumer(withoutRepeats(sink), 160))
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(intervalMillis)
            .build());
  }

  private static ProgressBarBuilder builder(String task, int images) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(images)
        .setUnit(" img", 1)
        .showSpeed()
        .setSpeedUnit(ChronoUnit.SECONDS);
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

  /** {@code images} more are done. */
  public void advance(int images) {
    bar.stepBy(images);
  }

  /** {@code images} more are done; {@code message} follows the bar until the next one. */
  public void advance(int images, String message) {
    bar.setExtraMessage(message);
    bar.stepBy(images);
  }

  @Override
  public void close() {
    bar.close();
  }
}
