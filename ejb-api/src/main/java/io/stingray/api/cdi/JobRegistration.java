package io.stingray.api.cdi;

import io.stingray.api.RayContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Registers the application's job when the application starts, so that the other nodes of the
 * cluster know its code is here and send its work here too. If the context cannot be made yet (no
 * adapter, or the connection factory is not bound this early, as in some EAR deployments), the job
 * is registered on first use instead; the deployment never fails for it.
 */
@ApplicationScoped
public class JobRegistration {
  @Inject Instance<RayContext> ray;

  void applicationStarted(@Observes @Initialized(ApplicationScoped.class) Object started) {
    try {
      ray.get().runtimeContext();
    } catch (RuntimeException notYet) {
      System.getLogger(JobRegistration.class.getName())
          .log(
              System.Logger.Level.INFO,
              "Stingray: the application's job will be registered on its first use of RayContext"
                  + " (not at start: "
                  + notYet
                  + ")");
    }
  }
}
