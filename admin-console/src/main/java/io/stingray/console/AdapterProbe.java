package io.stingray.console;

import java.lang.reflect.Method;

/**
 * Asks the resource adapter of this server whether its node is ready and live, by name and
 * reflection, so that the console deploys (and reports DOWN) even when the adapter is missing or
 * failed — the case Payara Micro itself does not report.
 */
final class AdapterProbe {
  private static final String ADAPTER = "io.stingray.ra.StingrayResourceAdapter";

  private AdapterProbe() {}

  /** The answer of {@code ready()} or {@code live()}, or why there is none. */
  static Result ask(String method) {
    try {
      ClassLoader cl =
          AdapterProbe.class.getClassLoader(); // the WAR's: a child of the connector loader
      Class<?> type = Class.forName(ADAPTER, true, cl);
      Object adapter = type.getMethod("running").invoke(null);
      if (adapter == null) {
        return new Result(false, "the Stingray adapter is deployed but not running");
      }
      Method m = type.getMethod(method);
      boolean ok = (Boolean) m.invoke(adapter);
      return new Result(ok, ok ? "ok" : "the node is not registered in the GCS");
    } catch (ClassNotFoundException e) {
      return new Result(false, "the Stingray adapter (RAR) is not deployed on this server");
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new Result(false, "cannot ask the Stingray adapter: " + e);
    }
  }

  record Result(boolean up, String detail) {}
}
