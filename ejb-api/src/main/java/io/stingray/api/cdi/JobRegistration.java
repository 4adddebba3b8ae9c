package io.stingray.api.cdi;

import io.stingray.api.RayContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Registers the application's job when a module without a web part (an EJB module of an EAR)
 * starts, so that the other nodes of the cluster know its code is here and send its work here too.
 * If the context cannot be made yet (no adapter, or the connection factory is not bound this early,
 * as in some EAR deployments), the job is registered on first use instead. A web module's job is
 * registered by {@link WebJobRegistration}, which fails the deployment when it cannot.
 */
@ApplicationScoped
public class JobRegistration {
  @Inject Instance<RayContext> ray;

  void applicationStarted(@Observes @Initialized(ApplicationScoped.class) Object started) {
    if (started instanceof jakarta.servlet.ServletContext) {
      return; // a web module: WebJobRegistration registers it once its naming context is ready
    }
    RayContextProducer.AT_START.set(Boolean.TRUE);
    try {
      ray.get().runtimeContext();
    } catch (RuntimeException notYet) {
      // in a web module (Payara announces the application scope before the module's naming
      // context is ready) WebJobRegistration registers the job a moment later, failing the
      // deployment if it cannot; elsewhere it is registered on its first use
      System.getLogger(JobRegistration.class.getName())
          .log(
              System.Logger.Level.DEBUG,
              "Stingray: the application's job is not registered as the application scope starts"
                  + " (a web module registers it as it starts, another module on its first use of"
                  + " RayContext): "
                  + notYet);
    } finally {
      RayContextProducer.AT_START.remove();
    }
  }
}
