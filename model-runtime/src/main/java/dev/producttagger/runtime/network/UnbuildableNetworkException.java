package dev.producttagger.runtime.network;

/** A bundle whose network cannot or must not be built; {@link #reason()} says which. */
public final class UnbuildableNetworkException extends Exception {

  /** Why the network was not built. */
  public enum Reason {
    /** network.json names a class outside DL4J and ND4J; it was not loaded. */
    UNTRUSTED_CLASS,
    /** DL4J cannot read or initialise the configuration. */
    BAD_NETWORK,
    /** weights.bin holds another number of parameters than the network has. */
    WEIGHTS_MISMATCH
  }

  private final Reason reason;

  UnbuildableNetworkException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
