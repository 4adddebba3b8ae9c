package io.stingray.console.state;

import java.util.Map;
import java.util.Set;

/** The JSON records of the state API (plain data, so JSON-B writes them as objects). */
public final class Views {
  private Views() {}

  /** A node of the cluster. */
  public record NodeView(
      String id,
      String name,
      String address,
      String state,
      Map<String, Double> totalResources,
      Map<String, Double> availableResources,
      Set<String> jobs,
      long heartbeatMillis) {}

  /** A driver or an application. */
  public record JobView(
      String id,
      String name,
      String namespace,
      String state,
      String driverNode,
      long startMillis,
      long endMillis) {}

  /**
   * A recent task owned by this server's node (submitted here; it may run elsewhere).
   *
   * @param state PENDING_ARGS, QUEUED, RUNNING, FINISHED or FAILED
   * @param node where it runs or ran
   */
  public record TaskView(
      String id,
      String function,
      String state,
      String node,
      long submittedMillis,
      long startedMillis,
      long endedMillis,
      String error) {}

  /** An actor, alive or dead. */
  public record ActorView(
      String id,
      String className,
      String name,
      String namespace,
      String state,
      String node,
      String job,
      int restarts,
      boolean detached,
      String deathCause) {}
}
