/**
 * Fine-tuning a served model on reviewers' decisions: the labelled examples (read from the
 * compacted {@code labelled-examples} topic or from a JSON-lines export of it, compacted the same
 * way), their SHA-256, the mix of examples and replayed Fashion-MNIST training images each epoch
 * trains on, and the run that starts from a bundle's network and records what it learnt from.
 */
package dev.producttagger.trainer.finetune;
