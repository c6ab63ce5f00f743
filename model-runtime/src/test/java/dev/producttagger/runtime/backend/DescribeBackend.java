package dev.producttagger.runtime.backend;

/**
 * Prints {@link NativeBackend#describe()} and JavaCPP's resident-memory limit after configuring, as
 * a command would: for tests.
 */
public final class DescribeBackend {

  private DescribeBackend() {}

  public static void main(String[] args) {
    NativeBackend.configure();
    System.out.println(NativeBackend.describe());
    System.out.println("maxPhysicalBytes " + org.bytedeco.javacpp.Pointer.maxPhysicalBytes());
  }
}
