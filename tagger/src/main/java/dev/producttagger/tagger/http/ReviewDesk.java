package dev.producttagger.tagger.http;

import dev.producttagger.tagger.review.DecisionLog;

/**
 * What the review queue's endpoints work with: the pending cases, who may decide, and where
 * decisions go.
 */
record ReviewDesk(ReviewCases cases, ReviewerAccess access, DecisionLog decisions) {}
