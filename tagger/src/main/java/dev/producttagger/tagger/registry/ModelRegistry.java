package dev.producttagger.tagger.registry;

import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.runtime.ModelLoader;
import dev.producttagger.runtime.ModelRejectedException;
import dev.producttagger.runtime.ServingModel;
import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.bundle.InvalidBundleException;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.events.FashionCategories;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model this tagger instance serves. Bundles offered to it are validated in full (format,
 * checksums, signature, classes, shape, a probe inference) before the reference is swapped, so a
 * batch sees either the old model or the new one, never a half-loaded one. A rejected bundle leaves
 * the current model serving and is counted by reason.
 */
public final class ModelRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  /** What became of an offered bundle. */
  public record Outcome(boolean accepted, String reason, String detail) {
    static Outcome accepted(ServingModel model) {
      return new Outcome(true, "ACCEPTED", model.ref().name() + " v" + model.ref().version());
    }

    static Outcome rejected(String reason, String detail) {
      return new Outcome(false, reason, detail);
    }

    /** The bundle is the one already serving, as when a restart restores the model topic. */
    public boolean alreadyServing() {
      return reason.equals(ALREADY_SERVING);
    }
  }

  private static final String ALREADY_SERVING = "ALREADY_SERVING";

  private final ModelLoader loader;
  private final BundleLimits limits;
  private final Optional<byte[]> hmacKey;
  private final AtomicReference<ServingModel> current = new AtomicReference<>();
  private final AtomicReference<ServingModel> shadow = new AtomicReference<>();
  private final AtomicLong accepted = new AtomicLong();
  private final Map<String, AtomicLong> rejectedByReason = new ConcurrentHashMap<>();

  public ModelRegistry(ModelLoader loader, BundleLimits limits, Optional<byte[]> hmacKey) {
    this.loader = loader;
    this.limits = limits;
    this.hmacKey = hmacKey.map(byte[]::clone);
  }

  /**
   * A registry for models of the ten Fashion-MNIST categories, taking bundles within the model
   * topic's limits and, when {@code hmacKey} is given, only bundles signed with it; serving nothing
   * yet.
   */
  public static ModelRegistry forFashionMnist(Optional<byte[]> hmacKey) {
    return new ModelRegistry(new ModelLoader(FashionCategories.NAMES), ModelTopic.LIMITS, hmacKey);
  }

  /** The serving model, or empty until the first valid bundle arrives. */
  public Optional<ServingModel> current() {
    return Optional.ofNullable(current.get());
  }

  /**
   * Validates a bundle and serves it if its version is newer than the current one. Synchronised so
   * two offers cannot interleave their version checks.
   */
  public synchronized Outcome offer(byte[] bundleBytes, String origin) {
    Outcome outcome = validateAndSwap(bundleBytes);
    if (outcome.accepted()) {
      accepted.incrementAndGet();
      LOG.info("Serving model {} (from {})", outcome.detail(), origin);
    } else if (outcome.alreadyServing()) {
      LOG.debug("Model {} from {} is already serving", outcome.detail(), origin);
    } else {
      rejectedByReason.computeIfAbsent(outcome.reason(), r -> new AtomicLong()).incrementAndGet();
      LOG.warn("Rejected model bundle from {}: {} {}", origin, outcome.reason(), outcome.detail());
    }
    return outcome;
  }

  /** The shadow model, run beside the serving one without emitting tags; empty when none. */
  public Optional<ServingModel> shadow() {
    return Optional.ofNullable(shadow.get());
  }

  /**
   * Validates a bundle and runs it as the shadow model, replacing any other; a null value (the
   * model topic's tombstone) retires the shadow. A rejected bundle leaves the shadow as it was and
   * is counted like a rejected serving bundle.
   */
  public synchronized Outcome offerShadow(byte[] bundleBytes, String origin) {
    if (bundleBytes == null) {
      shadow.set(null);
      LOG.info("No shadow model (retired by {})", origin);
      return Outcome.rejected("RETIRED", "no shadow model");
    }
    Outcome outcome;
    try {
      ServingModel model = loader.load(ModelBundle.read(bundleBytes, limits, hmacKey));
      shadow.set(model);
      outcome = Outcome.accepted(model);
      LOG.info("Shadow model {} (from {})", outcome.detail(), origin);
    } catch (InvalidBundleException e) {
      outcome = Outcome.rejected(e.problem().name(), e.getMessage());
    } catch (ModelRejectedException e) {
      outcome = Outcome.rejected(e.reason(), e.getMessage());
    }
    if (!outcome.accepted()) {
      rejectedByReason.computeIfAbsent(outcome.reason(), r -> new AtomicLong()).incrementAndGet();
      LOG.warn("Rejected shadow bundle from {}: {} {}", origin, outcome.reason(), outcome.detail());
    }
    return outcome;
  }

  public long acceptedCount() {
    return accepted.get();
  }

  /** Rejected bundles so far, by reason. */
  public Map<String, Long> rejectedCounts() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    rejectedByReason.forEach((reason, count) -> counts.put(reason, count.get()));
    return counts;
  }

  private Outcome validateAndSwap(byte[] bundleBytes) {
    if (bundleBytes == null) {
      return Outcome.rejected("EMPTY", "the record has no value");
    }
    ModelBundle bundle;
    try {
      bundle = ModelBundle.read(bundleBytes, limits, hmacKey);
    } catch (InvalidBundleException e) {
      return Outcome.rejected(e.problem().name(), e.getMessage());
    }
    ServingModel serving = current.get();
    if (serving != null
        && bundle.manifest().version() == serving.ref().version()
        && bundle.manifest().name().equals(serving.ref().name())
        && bundle.manifest().weightsSha256().equals(serving.manifest().weightsSha256())) {
      return Outcome.rejected(
          ALREADY_SERVING, serving.ref().name() + " v" + serving.ref().version());
    }
    if (serving != null && bundle.manifest().version() <= serving.ref().version()) {
      return Outcome.rejected(
          "STALE_VERSION",
          "version "
              + bundle.manifest().version()
              + " is not newer than serving version "
              + serving.ref().version());
    }
    try {
      ServingModel model = loader.load(bundle);
      current.set(model);
      return Outcome.accepted(model);
    } catch (ModelRejectedException e) {
      return Outcome.rejected(e.reason(), e.getMessage());
    }
  }
}
