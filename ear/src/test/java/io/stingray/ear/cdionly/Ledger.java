package io.stingray.ear.cdionly;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/** A CDI bean with a transactional method, which the CDI-only application's tasks call. */
@ApplicationScoped
public class Ledger {
  /**
   * Inside a transaction: adds a row for {@code node} to a table of the server's default data
   * source; answers whether a transaction was active and how many rows the table has.
   */
  @Transactional
  public String record(DataSource ds, String node) throws SQLException, NamingException {
    TransactionSynchronizationRegistry tx =
        (TransactionSynchronizationRegistry)
            new InitialContext().lookup("java:comp/TransactionSynchronizationRegistry");
    boolean active = tx.getTransactionStatus() == jakarta.transaction.Status.STATUS_ACTIVE;
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS LEDGER (NODE VARCHAR(64))");
      s.execute("INSERT INTO LEDGER VALUES ('" + node.replace("'", "") + "')");
      try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM LEDGER")) {
        r.next();
        return "tx=" + active + " rows=" + r.getInt(1);
      }
    }
  }
}
