package io.stingray.api.cdi;

import io.stingray.api.RayContext;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.Set;

/**
 * Registers a web application's job on this node as the application starts, whatever it contains
 * (CDI beans only, EJBs, servlets), so that the other nodes send its work here before any request
 * reached it; if the job cannot be registered, the deployment fails with the reason.
 *
 * <p>Found by the server as a {@code ServletContainerInitializer} in the application's copy of this
 * jar (also where {@code web.xml} is {@code metadata-complete}); it adds itself as the listener
 * that registers the job once CDI and the application's naming environment are ready (in a web
 * module, Payara cannot resolve the connection factory yet while CDI announces the application
 * scope: {@link JobRegistration} then leaves the job to this class). Runs on the deploying thread,
 * once per application start.
 */
public class WebJobRegistration implements ServletContainerInitializer, ServletContextListener {
  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    context.addListener(new WebJobRegistration());
  }

  /**
   * Registers the job.
   *
   * @throws IllegalStateException if it cannot be registered (the adapter is not deployed, or
   *     failed): the server fails the deployment with this message
   */
  @Override
  public void contextInitialized(ServletContextEvent event) {
    RayContextProducer.AT_START.set(Boolean.TRUE);
    try {
      CDI.current().select(RayContext.class).get().runtimeContext();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Stingray: the job of application '"
              + event.getServletContext().getContextPath()
              + "' could not be registered on this node as it started, so no other node could"
              + " send it work: is the adapter "
              + RayContextProducer.ADAPTER
              + " deployed (before this application) and started? Cause: "
              + e,
          e);
    } finally {
      RayContextProducer.AT_START.remove();
    }
  }
}
