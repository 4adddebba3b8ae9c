package io.stingray.ear.cdionly;

import io.stingray.api.RayContext;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An actor that is a CDI bean ({@code ray.actor(Inventory.class)}): the hosting node's container
 * injects it and calls its {@code @PostConstruct} and {@code @PreDestroy}.
 */
@Dependent
public class Inventory {
  /** Instances ended on this server (their {@code @PreDestroy} ran). */
  static final AtomicInteger DESTROYED = new AtomicInteger();

  @Inject Ledger ledger;
  private String constructedOn;
  private int reserved;

  @PostConstruct
  void constructed() {
    constructedOn = RayContext.current().runtimeContext().currentNodeId().hex();
  }

  @PreDestroy
  void destroyed() {
    DESTROYED.incrementAndGet();
  }

  /** Reserves {@code n} more; answers "node injected=... reserved=...". */
  public String reserve(int n) {
    reserved += n;
    return constructedOn + " injected=" + (ledger != null) + " reserved=" + reserved;
  }

  /** How many instances ended on the node this runs on (a task, pinned there). */
  public static int destroyedHere() {
    return DESTROYED.get();
  }
}
