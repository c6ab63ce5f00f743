package dev.producttagger.tagger.http;

import dev.producttagger.tagger.review.DecisionLog;
import dev.producttagger.tagger.review.UploadRecords;

/**
 * What the review queue's endpoints work with: the pending cases, who may decide, where decisions
 * go, and where the original uploads are.
 */
record ReviewDesk(
    ReviewCases cases, ReviewerAccess access, DecisionLog decisions, UploadRecords uploads) {}
