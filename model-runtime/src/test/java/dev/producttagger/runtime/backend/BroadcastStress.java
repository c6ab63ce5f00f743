package dev.producttagger.runtime.backend;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adds a row vector to a small matrix on many threads while another thread fills a small young
 * generation, so that collections keep landing while broadcasts are in their native calls: the way
 * a dense layer adds its bias in a busy tagger. Prints the executioner and, if the JVM survived,
 * the number of broadcasts. For {@link ReachableOpExecutionerTest}.
 *
 * <p>Arguments: worker threads, seconds.
 */
public final class BroadcastStress {

  private BroadcastStress() {}

  public static void main(String[] args) throws InterruptedException {
    NativeBackend.configure();
    int workers = Integer.parseInt(args[0]);
    long deadline = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
    System.out.println("executioner " + Nd4j.getExecutioner().getClass().getName());

    Thread garbage =
        new Thread(
            () -> {
              List<byte[]> recent = new ArrayList<>();
              while (true) {
                recent.add(new byte[4096]);
                if (recent.size() > 64) {
                  recent.clear();
                }
              }
            });
    garbage.setDaemon(true);
    garbage.start();

    long[] broadcasts = new long[workers];
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      Thread thread =
          new Thread(
              () -> {
                INDArray bias = Nd4j.rand(DataType.FLOAT, 1, 10);
                INDArray activations = Nd4j.rand(DataType.FLOAT, 4, 10);
                while (System.nanoTime() < deadline) {
                  activations.addiRowVector(bias);
                  broadcasts[worker]++;
                }
              });
      thread.start();
      threads.add(thread);
    }
    long total = 0;
    for (int w = 0; w < workers; w++) {
      threads.get(w).join();
      total += broadcasts[w];
    }
    System.out.println("broadcasts " + total);
  }
}
