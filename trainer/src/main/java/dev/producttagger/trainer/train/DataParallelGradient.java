package dev.producttagger.trainer.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Synchronous data parallelism over {@code replicas} equal parts of each minibatch: the network
 * trains on the first part while each replica, a copy of the network on a thread of its own,
 * computes the gradient of another part from the same weights. DL4J calls this listener after the
 * network's own gradient and before the updater; it waits for the replicas and replaces the
 * gradient with the mean of all parts'.
 *
 * <p>Why: DL4J's layers run most of a training step on one core whatever ND4J's thread count
 * ({@code bin/launch benchmarks training} shows 2 threads no faster than 1), so two cores train
 * faster as two single-threaded copies.
 *
 * <p>With equal parts, the mean of their gradients is the whole minibatch's gradient of DL4J's mean
 * loss, so a step is the step the network would take on the whole minibatch. Two things differ: a
 * replica draws its dropout masks from a random stream of its own (seeded per epoch), and batch
 * normalisation normalises each part by its own statistics ("ghost batches"). A minibatch that does
 * not split into equal parts, such as an odd last one, trains on the network alone.
 */
public final class DataParallelGradient extends BaseTrainingListener implements AutoCloseable {

  private final MultiLayerNetwork network;
  private final List<Replica> replicas = new ArrayList<>();
  private List<Future<?>> pending = List.of();
  private int parts = 1;
  private double replicaScoreSum;
  private int replicaCorrect;

  /**
   * One copy of the network, its own forward-pass accuracy count and its own thread: ND4J's random
   * generator is per thread, so a replica's dropout stream stays its own.
   */
  private record Replica(
      MultiLayerNetwork network, ForwardPassAccuracy accuracy, ExecutorService thread) {}

  /** What the network itself fits of a minibatch, and the labels of those images. */
  public record Part(DataSet dataSet, int[] labels) {}

  /**
   * @param replicaCount how many parts each minibatch is split into, the network's own included: at
   *     least 2
   */
  public DataParallelGradient(MultiLayerNetwork network, int replicaCount) {
    if (replicaCount < 2) {
      throw new IllegalArgumentException("data parallelism needs 2 replicas or more");
    }
    this.network = network;
    for (int i = 1; i < replicaCount; i++) {
      MultiLayerNetwork copy = network.clone();
      ForwardPassAccuracy accuracy = new ForwardPassAccuracy();
      copy.setListeners(accuracy);
      String name = "training-replica-" + i;
      ExecutorService thread =
          Executors.newSingleThreadExecutor(
              task -> {
                Thread daemon = new Thread(task, name);
                daemon.setDaemon(true);
                return daemon;
              });
      replicas.add(new Replica(copy, accuracy, thread));
    }
  }

  /**
   * Seeds each replica's dropout stream for an epoch: replica i (from 1) draws from {@code
   * epochDropoutSeed + i}, the network itself from {@code epochDropoutSeed}.
   */
  void seedDropout(long epochDropoutSeed) {
    List<Future<?>> seeded = new ArrayList<>();
    for (int i = 0; i < replicas.size(); i++) {
      long seed = epochDropoutSeed + i + 1;
      seeded.add(replicas.get(i).thread().submit(() -> Nd4j.getRandom().setSeed(seed)));
    }
    awaitAll(seeded);
  }

  /**
   * Starts the replicas on their parts of {@code batch}, from the network's current weights, and
   * returns the network's own part; the whole minibatch when it does not split into equal parts.
   */
  public Part begin(DataSet batch, int[] labels) {
    int size = labels.length;
    parts = replicas.size() + 1;
    replicaScoreSum = 0;
    replicaCorrect = 0;
    if (size % parts != 0) {
      parts = 1;
      pending = List.of();
      return new Part(batch, labels);
    }
    int partSize = size / parts;
    INDArray weights = network.params();
    List<Future<?>> started = new ArrayList<>();
    for (int i = 0; i < replicas.size(); i++) {
      Replica replica = replicas.get(i);
      int from = (i + 1) * partSize;
      INDArray features = rows(batch.getFeatures(), from, from + partSize);
      INDArray targets = rows(batch.getLabels(), from, from + partSize);
      int[] partLabels = Arrays.copyOfRange(labels, from, from + partSize);
      replica.network().params().assign(weights);
      started.add(
          replica
              .thread()
              .submit(
                  () -> {
                    replica.accuracy().expect(partLabels);
                    replica.network().setInput(features);
                    replica.network().setLabels(targets);
                    replica.network().computeGradientAndScore();
                  }));
    }
    pending = started;
    return new Part(
        new DataSet(rows(batch.getFeatures(), 0, partSize), rows(batch.getLabels(), 0, partSize)),
        Arrays.copyOfRange(labels, 0, partSize));
  }

  /**
   * The mean loss over the whole minibatch, given the network's over its own part (both with the
   * same weight-decay penalty).
   */
  double meanScore(double networkScore) {
    return (networkScore + replicaScoreSum) / parts;
  }

  /** Images the replicas classified correctly in their forward passes of the last minibatch. */
  int replicaCorrect() {
    return replicaCorrect;
  }

  @Override
  public void onGradientCalculation(Model model) {
    if (pending.isEmpty()) {
      return;
    }
    awaitAll(pending);
    pending = List.of();
    INDArray gradient = network.getFlattenedGradients();
    for (Replica replica : replicas) {
      gradient.addi(replica.network().getFlattenedGradients());
      replicaScoreSum += replica.network().score();
      replicaCorrect += replica.accuracy().correct();
    }
    gradient.divi(parts);
  }

  @Override
  public void close() {
    for (Replica replica : replicas) {
      replica.thread().shutdownNow();
    }
  }

  private static INDArray rows(INDArray array, int from, int to) {
    return array.get(NDArrayIndex.interval(from, to)).dup();
  }

  private static void awaitAll(List<Future<?>> futures) {
    try {
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a training replica", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a training replica failed", e.getCause());
    }
  }
}
