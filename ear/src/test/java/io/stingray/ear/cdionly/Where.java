package io.stingray.ear.cdionly;

import io.stingray.api.RayContext;

/** The task of the CDI-only application: the id of the node it runs on. */
public final class Where {
  private Where() {}

  public static String node() {
    return RayContext.current().runtimeContext().currentNodeId().hex();
  }

  /**
   * Runs {@link #node} on node {@code to} from the node this runs on: "this node&gt;that node". A
   * call out of the application on a node that serves it no request.
   */
  public static String hop(String to) {
    RayContext ray = RayContext.current();
    String there =
        ray.get(
            ray.task(Where::node)
                .setSchedulingStrategy(
                    io.stingray.api.SchedulingStrategy.nodeAffinity(
                        io.stingray.api.NodeId.fromHex(to), false))
                .remote(),
            java.time.Duration.ofSeconds(30));
    return node() + ">" + there;
  }
}
