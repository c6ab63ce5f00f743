package dev.producttagger.runtime;

/** A model bundle that must not serve, with a short stable reason used in logs and metrics. */
public final class ModelRejectedException extends Exception {

  private final String reason;

  public ModelRejectedException(String reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  public ModelRejectedException(String reason, String detail, Throwable cause) {
    super(reason + ": " + detail, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
