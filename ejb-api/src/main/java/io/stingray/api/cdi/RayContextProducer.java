package io.stingray.api.cdi;

import io.stingray.api.RayConnectionFactory;
import io.stingray.api.RayContext;
import io.stingray.api.spi.JobBound;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport;

/**
 * Makes {@code @Inject RayContext ray;} work in EJBs, CDI beans and JAX-RS resources of an
 * application that packages this jar (the application's one line of setup is the dependency on
 * {@code stingray-ejb-api} with compile scope). It defines the connection factory {@value
 * #JNDI_NAME} on the standalone adapter {@value #ADAPTER} and produces the application's job
 * context from it, with the application's context captured for its tasks ({@link
 * #applicationContext}). When the application stops, its job ends and its non-detached actors die.
 *
 * <p>Thread-safe; the produced context may be used by any number of threads.
 */
@ApplicationScoped
@ConnectionFactoryDefinition(
    name = RayContextProducer.JNDI_NAME,
    interfaceName = "io.stingray.api.RayConnectionFactory",
    resourceAdapter = RayContextProducer.ADAPTER,
    transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction,
    maxPoolSize = RayContextProducer.MAX_POOL_SIZE)
public class RayContextProducer {
  /** Where the application's connection factory is bound. */
  public static final String JNDI_NAME = "java:app/stingray/RayConnectionFactory";

  /**
   * The most handles the application's pool hands out at once on a server: as each request that
   * uses {@code RayContext} holds one until it ends, the most such requests at once (a handle costs
   * a few objects; more requests wait for one, as long as the server's pool lets them wait).
   */
  public static final int MAX_POOL_SIZE = 1000;

  /** The adapter's name when the RAR is deployed standalone. */
  public static final String ADAPTER = "stingray-resource-adapter";

  @Resource(lookup = JNDI_NAME)
  private RayConnectionFactory factory;

  @Inject private BeanManager beans;
  @Inject private Instance<RequestHandle> requestHandle;

  private volatile JobBound job;

  /**
   * The application's {@code RayContext}: container-managed connection handles, one per request
   * ({@link ContainerRayContext}). Made once per application, as it starts; making it registers the
   * application's job on this node and captures the application's context for its tasks ({@link
   * #applicationContext}).
   *
   * @throws io.stingray.api.exception.RayException if the adapter is not running
   */
  @Produces
  @ApplicationScoped
  public RayContext rayContext() {
    try (RayContext handle = factory.getContext()) {
      if (handle instanceof JobBound j) {
        job = j; // kept to end the job when the application stops (no JNDI needed then)
        if (Boolean.TRUE.equals(AT_START.get())) {
          java.util.concurrent.Executor inContext = applicationContext();
          if (inContext != null) {
            j.runUserCodeIn(inContext);
          }
        } else {
          // a caller's context (its user, above all) must not become every task's
          System.getLogger(RayContextProducer.class.getName())
              .log(
                  System.Logger.Level.INFO,
                  "Stingray: this application's job was registered on its first use, not as it"
                      + " started: its tasks and actor calls run with its class loader only,"
                      + " without its naming context, CDI or security (those are captured only"
                      + " as the application starts, never from a caller)");
        }
      }
    }
    return new ContainerRayContext(
        factory, beans, requestHandle, Thread.currentThread().getContextClassLoader());
  }

  /**
   * Set while the application starts ({@link WebJobRegistration}, {@link JobRegistration}): only
   * then is the thread's context the application's own, with no caller's identity in it.
   */
  static final ThreadLocal<Boolean> AT_START = new ThreadLocal<>();

  /** Where an application may define the context service its tasks run in (else the default). */
  public static final String CONTEXT_SERVICE = "java:app/stingray/ContextService";

  /**
   * The application's context, captured here as the application starts ({@link #AT_START}), as a
   * direct executor that applies it: the job's tasks and actor calls run inside it on every worker
   * thread. From {@value #CONTEXT_SERVICE} if the application defines it
   * ({@code @ContextServiceDefinition}), else the server's {@code java:comp/DefaultContextService};
   * null (tasks run with the application's class loader only, and a warning says so) where neither
   * can be found.
   */
  static java.util.concurrent.Executor applicationContext() {
    String[] names = {CONTEXT_SERVICE, "java:comp/DefaultContextService"};
    Exception last = null;
    for (String name : names) {
      try {
        jakarta.enterprise.concurrent.ContextService cs =
            (jakarta.enterprise.concurrent.ContextService)
                new javax.naming.InitialContext().lookup(name);
        return cs.createContextualProxy(new Direct(), java.util.concurrent.Executor.class);
      } catch (javax.naming.NamingException | RuntimeException e) {
        last = e;
      }
    }
    System.getLogger(RayContextProducer.class.getName())
        .log(
            System.Logger.Level.WARNING,
            "Stingray: no context service found ("
                + String.join(", ", names)
                + "): this application's tasks and actor calls run with its class loader only,"
                + " without its naming context (java:comp, java:module), CDI or security: "
                + last);
    return null;
  }

  /** Runs what it is given at once, on the calling thread: the target of the contextual proxy. */
  static final class Direct implements java.util.concurrent.Executor {
    @Override
    public void execute(Runnable r) {
      r.run();
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
