package io.stingray.api.cdi;

import io.stingray.api.RayConnectionFactory;
import io.stingray.api.RayContext;
import io.stingray.api.spi.JobBound;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport;

/**
 * Makes {@code @Inject RayContext ray;} work in EJBs, CDI beans and JAX-RS resources of an
 * application that packages this jar (the application's one line of setup is the dependency on
 * {@code stingray-ejb-api} with compile scope). It defines the connection factory {@value
 * #JNDI_NAME} on the standalone adapter {@value #ADAPTER} and produces the application's job
 * context from it. When the application stops, its job ends and its non-detached actors die.
 *
 * <p>Thread-safe; the produced context may be used by any number of threads.
 */
@ApplicationScoped
@ConnectionFactoryDefinition(
    name = RayContextProducer.JNDI_NAME,
    interfaceName = "io.stingray.api.RayConnectionFactory",
    resourceAdapter = RayContextProducer.ADAPTER,
    transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction,
    maxPoolSize = 64)
public class RayContextProducer {
  /** Where the application's connection factory is bound. */
  public static final String JNDI_NAME = "java:app/stingray/RayConnectionFactory";

  /** The adapter's name when the RAR is deployed standalone. */
  public static final String ADAPTER = "stingray-resource-adapter";

  @Resource(lookup = JNDI_NAME)
  private RayConnectionFactory factory;

  private volatile JobBound job;

  /**
   * The application's job context.
   *
   * @throws io.stingray.api.exception.RayException if the adapter is not running
   */
  @Produces
  @ApplicationScoped
  public RayContext rayContext() {
    try (RayContext handle = factory.getContext()) {
      if (handle instanceof JobBound j) {
        job = j; // kept to end the job when the application stops (no JNDI needed then)
        return j.jobContext();
      }
      return handle;
    }
  }

  @PreDestroy
  void applicationStopping() {
    JobBound j = job;
    if (j != null) {
      try {
        j.endJob();
      } catch (RuntimeException e) {
        // the adapter may already be gone when the server shuts down
      }
    }
  }
}
