package dev.producttagger.dataset;

import java.io.IOException;
import java.nio.file.Path;

/** A dataset file that cannot be read as what it claims to be; names the file and where in it. */
public final class DatasetFormatException extends IOException {

  private final Path file;
  private final String position;

  public DatasetFormatException(Path file, String position, String problem) {
    super(file + " (" + position + "): " + problem);
    this.file = file;
    this.position = position;
  }

  public DatasetFormatException(Path file, String position, String problem, Throwable cause) {
    this(file, position, problem);
    initCause(cause);
  }

  public Path file() {
    return file;
  }

  /** Where the problem is, e.g. "byte 8", "line 3, column 17" or "whole file". */
  public String position() {
    return position;
  }
}
