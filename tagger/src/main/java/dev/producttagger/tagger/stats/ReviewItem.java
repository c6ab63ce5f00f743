package dev.producttagger.tagger.stats;

import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.ModelRef;
import dev.producttagger.schemas.events.ScoredCategory;
import java.time.Instant;
import java.util.List;

/**
 * One recent upload sent to review, as {@code GET /api/review} lists it.
 *
 * @param threshold the confidence threshold in force when it was classified
 * @param top the model's best guesses, most probable first
 * @param thumbnail the 28x28 gray image the model saw (Fashion-MNIST's convention: light item on
 *     black) as a {@code data:image/png;base64,...} URL
 */
public record ReviewItem(
    String productId,
    String eventId,
    String sellerId,
    Category category,
    double confidence,
    double threshold,
    List<ScoredCategory> top,
    ModelRef model,
    Instant taggedAt,
    String thumbnail) {}
