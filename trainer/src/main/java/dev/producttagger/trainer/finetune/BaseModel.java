package dev.producttagger.trainer.finetune;

import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.events.ModelRef;
import java.nio.file.Path;

/**
 * The served model a fine-tuning run starts from, as its bundle's manifest names it.
 *
 * @param bundle the bundle file, as given
 * @param model its name, version and {@code weightsSha256}, as events name the model that tagged an
 *     upload: these weights, and no others
 * @param architecture the manifest's architecture id, which the fine-tuned bundle keeps
 * @param reviewThreshold the base's review threshold, null when it has none: the fine-tuned bundle
 *     keeps it unless export is given another, as a fine-tuning run holds no validation split
 * @param mirrorAveraged whether the base predicts as the mean over each image and its mirror image
 */
public record BaseModel(
    String bundle,
    ModelRef model,
    String architecture,
    Double reviewThreshold,
    boolean mirrorAveraged) {

  static BaseModel of(Path file, ModelBundle bundle) {
    BundleManifest manifest = bundle.manifest();
    ModelRef model = new ModelRef(manifest.name(), manifest.version(), manifest.weightsSha256());
    return new BaseModel(
        file.toString(),
        model,
        manifest.architecture(),
        manifest.metrics().reviewThreshold(),
        manifest.input().mirrorAveraged());
  }

  /** Name and version, such as {@code paper-dropout v6}. */
  public String describe() {
    return model.name() + " v" + model.version();
  }
}
