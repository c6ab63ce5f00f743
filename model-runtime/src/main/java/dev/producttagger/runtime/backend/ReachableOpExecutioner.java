package dev.producttagger.runtime.backend;

import java.lang.ref.Reference;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BroadcastOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.IndexAccumulation;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.RandomOp;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner;

/**
 * ND4J's CPU op executioner, with each op (and its context) kept reachable until its native call
 * has returned.
 *
 * <p>ND4J 1.0.0-M2.1 hands libnd4j the addresses of an op's native buffers and frees a buffer once
 * the garbage collector finds its Java object unreachable. Its executioner reads the op for the
 * last time while building the native call's arguments, so a collection during the call may free
 * buffers only the op holds, such as a broadcast's list of dimensions, which libnd4j then reads
 * after they were freed. That is the SIGSEGV in {@code sd::DataBuffer::primary()} under {@code
 * execBroadcast} seen in a dense layer's bias addition (docs/reliability.md). {@link
 * NativeBackend#configure()} makes ND4J use this class.
 *
 * <p>Only the overloads that reach native code are fenced: ND4J's others ({@code
 * exec(BroadcastOp)}, {@code exec(ReduceOp)} and the like) hand the op on to these through a
 * virtual call.
 */
public final class ReachableOpExecutioner extends NativeOpExecutioner {

  @Override
  public INDArray exec(Op op, OpContext context) {
    return reachableDuring(() -> super.exec(op, context), op, context);
  }

  @Override
  public INDArray exec(IndexAccumulation op, OpContext context) {
    return reachableDuring(() -> super.exec(op, context), op, context);
  }

  @Override
  public INDArray exec(ReduceOp op, OpContext context) {
    return reachableDuring(() -> super.exec(op, context), op, context);
  }

  @Override
  public INDArray exec(ScalarOp op, OpContext context) {
    return reachableDuring(() -> super.exec(op, context), op, context);
  }

  @Override
  public INDArray exec(BroadcastOp op, OpContext context) {
    return reachableDuring(() -> super.exec(op, context), op, context);
  }

  @Override
  public INDArray exec(RandomOp op, OpContext context, Random random) {
    return reachableDuring(() -> super.exec(op, context, random), op, context, random);
  }

  @Override
  public INDArray[] exec(CustomOp op) {
    return reachableDuring(() -> super.exec(op), op);
  }

  @Override
  public INDArray[] exec(CustomOp op, OpContext context) {
    return reachableDuring(() -> super.exec(op, context), op, context);
  }

  /** The call's result; {@code held} stays reachable until the call has returned. */
  private static <T> T reachableDuring(Supplier<T> call, Object... held) {
    try {
      return call.get();
    } finally {
      Reference.reachabilityFence(held);
    }
  }
}
