package io.stingray.ear.cdionly;

import io.stingray.api.RayContext;

/** The task of the CDI-only application: the id of the node it runs on. */
public final class Where {
  private Where() {}

  public static String node() {
    return RayContext.current().runtimeContext().currentNodeId().hex();
  }
}
