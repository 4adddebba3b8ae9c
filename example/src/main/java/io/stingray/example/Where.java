package io.stingray.example;

import io.stingray.api.RayContext;

/** A task that says which node ran it (to see work spread over the servers of a cluster). */
public final class Where {
  private Where() {}

  public static String node() {
    return RayContext.current().runtimeContext().currentNodeId().hex();
  }
}
