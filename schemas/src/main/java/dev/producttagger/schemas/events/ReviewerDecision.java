package dev.producttagger.schemas.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Marks a {@link ProductTagged} whose category a person chose, answering a review request.
 *
 * @param reviewerId who chose the category
 * @param decidedAt when
 */
public record ReviewerDecision(String reviewerId, Instant decidedAt) {

  public ReviewerDecision {
    Objects.requireNonNull(reviewerId, "reviewerId");
    Objects.requireNonNull(decidedAt, "decidedAt");
  }
}
