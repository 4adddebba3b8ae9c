package io.stingray.benchmarks.peers;

import java.io.Serializable;
import java.util.concurrent.Callable;

/** Hazelcast's unit of work for the no-op task and actor-call shapes. */
public final class NoopTask implements Callable<Integer>, Serializable {
  private static final long serialVersionUID = 1L;

  @Override
  public Integer call() {
    return 0;
  }
}
