package dev.producttagger.runtime;

import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.events.ModelRef;
import java.util.List;

/**
 * A model bundle proven fit to serve: its {@link Predictor} with the manifest it came from.
 * Immutable once built; a new model version is a new instance, swapped in whole between batches.
 */
public final class ServingModel {

  private final Predictor predictor;
  private final BundleManifest manifest;
  private final ModelRef ref;

  ServingModel(Predictor predictor, BundleManifest manifest) {
    this.predictor = predictor;
    this.manifest = manifest;
    this.ref = new ModelRef(manifest.name(), manifest.version(), manifest.weightsSha256());
  }

  public Predictor predictor() {
    return predictor;
  }

  public BundleManifest manifest() {
    return manifest;
  }

  /** The name, version and weights checksum every output names. */
  public ModelRef ref() {
    return ref;
  }

  public boolean isChannelsLast() {
    return predictor.isChannelsLast();
  }

  public int classCount() {
    return predictor.classCount();
  }

  /** Classifies a batch: see {@link Predictor#predict}. */
  public List<Prediction> predict(List<ModelInput> batch) {
    return predictor.predict(batch);
  }

  /** Row-major [n, classes] probabilities: see {@link Predictor#probabilities}. */
  public float[] probabilities(List<ModelInput> batch) {
    return predictor.probabilities(batch);
  }
}
