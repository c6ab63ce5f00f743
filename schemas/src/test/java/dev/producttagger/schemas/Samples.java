package dev.producttagger.schemas;

import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.Checksums;
import dev.producttagger.schemas.bundle.ClassMetrics;
import dev.producttagger.schemas.bundle.InputSpec;
import dev.producttagger.schemas.bundle.Metrics;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.bundle.Provenance;
import dev.producttagger.schemas.bundle.WeightsCodec;
import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.Encoding;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.Image;
import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.schemas.events.LabelledExample;
import dev.producttagger.schemas.events.ModelRef;
import dev.producttagger.schemas.events.ProductTagged;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.events.ReviewerDecision;
import dev.producttagger.schemas.events.ScoredCategory;
import dev.producttagger.schemas.events.SourceRef;
import dev.producttagger.schemas.events.TagDecided;
import dev.producttagger.schemas.events.TagReviewRequested;
import dev.producttagger.schemas.events.UploadRejected;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Valid examples of every contract type, for tests. */
public final class Samples {

  public static final String EVENT_ID = "3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c13";
  public static final Instant UPLOADED_AT = Instant.parse("2026-03-01T12:00:00.123456789Z");
  public static final Instant TAGGED_AT = Instant.parse("2026-03-01T12:00:01.5Z");

  private Samples() {}

  /** 28x28 gray pixels, every value 0..255 present. */
  public static byte[] pixels() {
    byte[] pixels = new byte[28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 7);
    }
    return pixels;
  }

  public static ImageUploaded gray8Upload() {
    return new ImageUploaded(
        EVENT_ID, "seller-17", "product-4711", UPLOADED_AT, Image.gray8(28, 28, pixels()));
  }

  /** A PNG upload without the optional width and height. */
  public static ImageUploaded pngUpload() {
    byte[] notReallyPng = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    return new ImageUploaded(
        EVENT_ID,
        "seller-17",
        "product-4711",
        UPLOADED_AT,
        new Image(Encoding.PNG, null, null, notReallyPng));
  }

  public static ProductTagged productTagged() {
    return new ProductTagged(
        EVENT_ID,
        "product-4711",
        "seller-17",
        new Category(7, "Sneaker"),
        0.93,
        top(),
        modelRef(),
        new SourceRef("product-image-uploads", 3, 1042L),
        UPLOADED_AT,
        TAGGED_AT);
  }

  /** A reviewer's tag: the model's tag of {@link #productTagged} with who decided it. */
  public static ProductTagged productTaggedByAReviewer() {
    ProductTagged model = productTagged();
    return new ProductTagged(
        ProductTagged.CURRENT_SCHEMA_VERSION,
        model.eventId(),
        model.productId(),
        model.sellerId(),
        new Category(5, "Sandal"),
        0.02,
        model.top(),
        model.model(),
        model.source(),
        model.uploadedAt(),
        model.taggedAt(),
        new ReviewerDecision("reviewer-3", TAGGED_AT.plusSeconds(90)));
  }

  public static TagDecided tagDecided() {
    return TagDecided.category(
        EVENT_ID,
        "product-4711",
        new Category(5, "Sandal"),
        "reviewer-3",
        TAGGED_AT.plusSeconds(90),
        modelRef());
  }

  public static TagDecided tagRejected() {
    return TagDecided.rejection(
        EVENT_ID, "product-4711", "not a fashion item", "reviewer-3", TAGGED_AT, modelRef());
  }

  public static LabelledExample labelledExample() {
    return new LabelledExample(
        EVENT_ID,
        "product-4711",
        pixels(),
        new Category(5, "Sandal"),
        "reviewer-3",
        TAGGED_AT.plusSeconds(90),
        modelRef());
  }

  public static TagReviewRequested tagReviewRequested() {
    return new TagReviewRequested(
        EVENT_ID,
        "product-4711",
        "seller-17",
        new Category(7, "Sneaker"),
        0.41,
        top(),
        modelRef(),
        new SourceRef("product-image-uploads", 3, 1042L),
        UPLOADED_AT,
        TAGGED_AT,
        TagReviewRequested.LOW_CONFIDENCE,
        0.6);
  }

  public static UploadRejected uploadRejected() {
    return new UploadRejected(
        RejectionReason.SCHEMA_VIOLATION,
        "field /image/width: must have a minimum value of 1",
        new SourceRef("product-image-uploads", 0, 7L),
        "product-4711".getBytes(StandardCharsets.UTF_8),
        "{\"image\":{\"width\":0}}".getBytes(StandardCharsets.UTF_8),
        TAGGED_AT);
  }

  /** A rejection of a record whose key and value were both null. */
  public static UploadRejected uploadRejectedWithoutKeyOrValue() {
    return new UploadRejected(
        RejectionReason.MALFORMED_JSON,
        "the value is null, not a JSON document",
        new SourceRef("product-image-uploads", 1, 0L),
        null,
        null,
        TAGGED_AT);
  }

  public static byte[] networkJson() {
    return "{\"layers\":[{\"type\":\"conv\",\"filters\":32},{\"type\":\"dense\",\"units\":10}]}"
        .getBytes(StandardCharsets.UTF_8);
  }

  public static float[] parameters() {
    float[] parameters = new float[250];
    for (int i = 0; i < parameters.length; i++) {
      parameters[i] = (i - 125) / 64f;
    }
    return parameters;
  }

  /** A manifest that matches {@code networkJson} and {@code weights}. */
  public static BundleManifest manifest(byte[] networkJson, byte[] weights) {
    List<ClassMetrics> perClass =
        FashionCategories.NAMES.stream()
            .map(name -> new ClassMetrics(name, 0.9, 0.875, 0.8873, 1000))
            .toList();
    Provenance provenance =
        new Provenance(
            Map.of(
                "train-images-idx3-ubyte.gz",
                Checksums.sha256Hex(new byte[] {1}),
                "t10k-images-idx3-ubyte.gz",
                Checksums.sha256Hex(new byte[] {2})),
            42L,
            12,
            Map.of("learningRate", "0.001", "batchSize", "128", "dropout", "0.5"),
            321.5,
            "product-tagger-trainer 0.1.0");
    return new BundleManifest(
        "fashion-mnist",
        3,
        Instant.parse("2026-02-28T09:30:00Z"),
        "paper-dropout",
        FashionCategories.NAMES,
        InputSpec.fashionMnist(),
        provenance,
        new Metrics(0.9123, 0.9187, perClass, 0.82),
        weights.length / Float.BYTES,
        Checksums.sha256Hex(weights),
        Checksums.sha256Hex(networkJson));
  }

  public static ModelBundle bundle() {
    byte[] network = networkJson();
    byte[] weights = WeightsCodec.encode(parameters());
    return new ModelBundle(manifest(network, weights), network, weights);
  }

  private static List<ScoredCategory> top() {
    return List.of(
        new ScoredCategory(7, "Sneaker", 0.93),
        new ScoredCategory(5, "Sandal", 0.05),
        new ScoredCategory(9, "Ankle boot", 0.02));
  }

  private static ModelRef modelRef() {
    return new ModelRef("fashion-mnist", 3, Checksums.sha256Hex(new byte[] {3}));
  }
}
