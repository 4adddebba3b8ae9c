package io.stingray.benchmarks;

/** The no-op functions and actor the benchmarks call, shared by Stingray and the floor. */
public final class Workloads {
  private Workloads() {}

  public static int noop() {
    return 0;
  }

  public static int echo(int x) {
    return x;
  }

  /** A trivial actor. */
  public static final class Actor {
    private long calls;

    public long call() {
      return ++calls;
    }
  }
}
