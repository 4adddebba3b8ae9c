package io.stingray.console;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;

/**
 * The JNDI of the console's tests (named in {@code jndi.properties}): what a server's global naming
 * does for the adapter's binding, lookup, bind, rebind and unbind of plain names, in memory.
 */
public final class InMemoryNaming implements InitialContextFactory {
  private static final Map<String, Object> BOUND = new ConcurrentHashMap<>();

  /** Binds as the resource adapter does when its node starts. */
  public static void bind(String name, Object value) {
    BOUND.put(name, value);
  }

  /** Unbinds as the resource adapter does when its node stops. */
  public static void unbind(String name) {
    BOUND.remove(name);
  }

  @Override
  public Context getInitialContext(Hashtable<?, ?> environment) {
    return (Context)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "lookup" -> {
                    Object o = BOUND.get(String.valueOf(args[0]));
                    if (o == null) {
                      throw new NameNotFoundException(args[0] + " is not bound");
                    }
                    yield o;
                  }
                  case "bind", "rebind" -> {
                    BOUND.put(String.valueOf(args[0]), args[1]);
                    yield null;
                  }
                  case "unbind" -> {
                    BOUND.remove(String.valueOf(args[0]));
                    yield null;
                  }
                  case "close" -> null;
                  case "toString" -> "InMemoryNaming";
                  default ->
                      throw new UnsupportedOperationException(
                          method.getName() + " is not needed by the console's tests");
                });
  }
}
