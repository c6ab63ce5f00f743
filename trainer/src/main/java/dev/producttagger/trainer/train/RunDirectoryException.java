package dev.producttagger.trainer.train;

import java.io.IOException;

/** A run directory that does not hold what the command needs, or already holds another run. */
public final class RunDirectoryException extends IOException {

  public RunDirectoryException(String message) {
    super(message);
  }
}
