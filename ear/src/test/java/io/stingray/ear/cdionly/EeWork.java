package io.stingray.ear.cdionly;

import io.stingray.api.RayContext;
import jakarta.enterprise.inject.spi.CDI;
import javax.naming.InitialContext;
import javax.sql.DataSource;

/**
 * A task of the CDI-only application that uses what an enterprise application expects wherever it
 * runs: its module's names, the default data source, and a transactional CDI bean.
 */
public final class EeWork {
  private EeWork() {}

  /** "node module tx=... rows=..." from the node it runs on. */
  public static String check() throws Exception {
    InitialContext names = new InitialContext();
    String module = (String) names.lookup("java:module/ModuleName");
    DataSource ds = (DataSource) names.lookup("java:comp/DefaultDataSource");
    String node = RayContext.current().runtimeContext().currentNodeId().hex();
    return node + " " + module + " " + CDI.current().select(Ledger.class).get().record(ds, node);
  }
}
