package io.stingray.api.spi;

import io.stingray.api.RayFunc0;
import io.stingray.api.exception.RayActorException;

/**
 * Makes an actor's instance with the CDI container of the node that hosts it, for {@code
 * RayContext.actor(Class)}: its {@code @Inject} members are injected and its {@code @PostConstruct}
 * runs, at creation and at every restart; its {@code @PreDestroy} runs and it is disposed of when
 * the instance ends (through {@link ActorEnds}). Runs inside the application's context on the
 * hosting node, where the application's copy of the bean class is.
 *
 * @param <A> the bean class
 */
public final class BeanActorFactory<A> implements RayFunc0<A> {
  private static final long serialVersionUID = 1L;

  private final Class<A> beanClass;

  /**
   * @param beanClass a bean class of the application (not an interface, not abstract)
   */
  public BeanActorFactory(Class<A> beanClass) {
    if (beanClass == null) {
      throw new IllegalArgumentException("an actor's bean class must not be null");
    }
    if (beanClass.isInterface()
        || java.lang.reflect.Modifier.isAbstract(beanClass.getModifiers())) {
      throw new IllegalArgumentException(
          "an actor's bean class must be concrete, not " + beanClass.getName());
    }
    this.beanClass = beanClass;
  }

  /** The bean class whose instances this factory makes. */
  public Class<A> beanClass() {
    return beanClass;
  }

  /**
   * Makes, injects and initializes a new instance.
   *
   * @throws RayActorException if the hosting node has no CDI container for the application (a
   *     plain-Java node), or CDI cannot make the bean (its message says why)
   */
  @Override
  public A apply() {
    try {
      Class.forName("jakarta.enterprise.inject.spi.Unmanaged", false, beanClass.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new RayActorException(
          "actor "
              + beanClass.getName()
              + " is a CDI bean, but its node has no CDI container: create it on a server where"
              + " the application is deployed");
    }
    jakarta.enterprise.inject.spi.Unmanaged<A> unmanaged;
    try {
      unmanaged = new jakarta.enterprise.inject.spi.Unmanaged<>(beanClass);
    } catch (IllegalStateException e) { // CDI.current() outside the application
      throw new RayActorException(
          "actor "
              + beanClass.getName()
              + " is a CDI bean, but the CDI container of its application cannot be reached on"
              + " its node: "
              + e.getMessage(),
          e);
    }
    jakarta.enterprise.inject.spi.Unmanaged.UnmanagedInstance<A> made = unmanaged.newInstance();
    try {
      made.produce().inject().postConstruct();
    } catch (RuntimeException e) {
      try {
        made.dispose(); // what was injected is given back; the actor dies with e
      } catch (RuntimeException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
    A instance = made.get();
    ActorEnds.register(instance, () -> made.preDestroy().dispose());
    return instance;
  }

  @Override
  public String toString() {
    return "bean actor " + beanClass.getName();
  }
}
