package dev.producttagger.runtime.backend;

/**
 * Prints {@link NativeBackend#describe()}, JavaCPP's resident-memory limit and ND4J's op
 * executioner after configuring, as a command would: for tests.
 */
public final class DescribeBackend {

  private DescribeBackend() {}

  public static void main(String[] args) {
    NativeBackend.configure();
    System.out.println(NativeBackend.describe());
    System.out.println("maxPhysicalBytes " + org.bytedeco.javacpp.Pointer.maxPhysicalBytes());
    System.out.println(
        "executioner " + org.nd4j.linalg.factory.Nd4j.getExecutioner().getClass().getName());
  }
}
