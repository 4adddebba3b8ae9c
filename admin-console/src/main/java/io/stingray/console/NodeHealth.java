package io.stingray.console;

import io.stingray.api.admin.ClusterAdmin;
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
      ClusterAdmin.Health h = AdapterProbe.ask();
      return response("stingray-node-ready", h.ready(), h.detail());
    }
  }

  /** Live while the node's scheduler runs. */
  @Liveness
  @ApplicationScoped
  public static class Live implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
      ClusterAdmin.Health h = AdapterProbe.ask();
      return response("stingray-node-live", h.live(), h.detail());
    }
  }

  static HealthCheckResponse response(String name, boolean up, String detail) {
    return HealthCheckResponse.named(name).status(up).withData("detail", detail).build();
  }
}
