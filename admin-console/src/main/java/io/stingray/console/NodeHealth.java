package io.stingray.console;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** MicroProfile Health checks of this server's Stingray node, at /health/ready and /live. */
public final class NodeHealth {
  private NodeHealth() {}

  /** Ready once the node has joined the GCS and is registered there. */
  @Readiness
  @ApplicationScoped
  public static class Ready implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
      return response("stingray-node-ready", AdapterProbe.ask("ready"));
    }
  }

  /** Live while the node's scheduler runs. */
  @Liveness
  @ApplicationScoped
  public static class Live implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
      return response("stingray-node-live", AdapterProbe.ask("live"));
    }
  }

  static HealthCheckResponse response(String name, AdapterProbe.Result r) {
    return HealthCheckResponse.named(name).status(r.up()).withData("detail", r.detail()).build();
  }
}
