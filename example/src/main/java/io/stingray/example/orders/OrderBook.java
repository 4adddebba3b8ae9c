package io.stingray.example.orders;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The shop's orders through JPA, on every node: a task that scores an order runs this bean on
 * whichever node it lands, with that node's container-managed {@code EntityManager} and
 * transaction. The nodes share one database: an H2 file in the user's {@code ~/.stingray} that
 * every server the user runs on the machine opens in H2's auto-server mode, so that local nodes
 * share it. For a cluster of machines, point {@value #DATA_SOURCE} at a real database with a {@code
 * <data-source>} of that name in {@code web.xml}, which overrides this definition on any server.
 * The URL has no server-specific expression, so that the same WAR deploys on Payara and WildFly.
 * Thread-safe.
 */
@ApplicationScoped
@DataSourceDefinition(
    name = OrderBook.DATA_SOURCE,
    className = "org.h2.jdbcx.JdbcDataSource",
    url = "jdbc:h2:~/.stingray/example-orders;AUTO_SERVER=TRUE",
    user = "sa",
    password = "",
    minPoolSize = 1,
    maxPoolSize = 32)
public class OrderBook {
  /** Where the orders' data source is bound (the persistence unit {@code orders} uses it). */
  public static final String DATA_SOURCE = "java:app/stingray-example/Orders";

  @PersistenceContext(unitName = "orders")
  EntityManager em;

  @jakarta.annotation.Resource(lookup = DATA_SOURCE)
  javax.sql.DataSource dataSource;

  private volatile boolean schemaReady;

  /**
   * Makes the orders' table and id sequence if they do not exist yet (every node may, at once),
   * once per node, outside any transaction: called before the first use, not at deployment, so that
   * the application deploys whether or not its database can be reached.
   *
   * @throws IllegalStateException saying why, if the database cannot be reached
   */
  public void ensureSchema() {
    if (schemaReady) {
      return;
    }
    try (java.sql.Connection c = dataSource.getConnection();
        java.sql.Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS STINGRAY_ORDERS (ID BIGINT PRIMARY KEY, CUSTOMER VARCHAR(64),"
              + " AMOUNT DOUBLE PRECISION, ITEMS INTEGER, STATUS VARCHAR(16), SCORE DOUBLE"
              + " PRECISION, SCOREDON VARCHAR(64))");
      st.execute("CREATE SEQUENCE IF NOT EXISTS STINGRAY_ORDERS_SEQ START WITH 50 INCREMENT BY 50");
      schemaReady = true;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(
          "the orders' database (" + DATA_SOURCE + ") cannot be reached: " + e.getMessage(), e);
    }
  }

  /** Adds {@code count} open orders with random amounts; their ids. */
  @Transactional
  public List<Long> open(int count) {
    SplittableRandom random = new SplittableRandom();
    List<ShopOrder> made = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ShopOrder o =
          new ShopOrder(
              "customer-" + random.nextInt(1, 100),
              Math.round(random.nextDouble(5, 500) * 100) / 100.0,
              random.nextInt(1, 10));
      em.persist(o); // ids from the database's sequence: any number of servers may open at once
      made.add(o);
    }
    em.flush();
    return made.stream().map(ShopOrder::id).toList();
  }

  /** The ids of the open orders, oldest first. */
  public List<Long> openIds() {
    return em.createQuery(
            "select o.id from ShopOrder o where o.status = :s order by o.id", Long.class)
        .setParameter("s", ShopOrder.OPEN)
        .getResultList();
  }

  /**
   * Scores order {@code id} and writes the score back, in this node's transaction; the score, or
   * null if the order is gone or another task scored it first (the write is conditional on the
   * order still being open, so two tasks never both score it).
   */
  @Transactional
  public Double score(long id, String node) {
    ShopOrder o = em.find(ShopOrder.class, id);
    if (o == null || !ShopOrder.OPEN.equals(o.status())) {
      return null;
    }
    double value = Math.round((o.amount() / (1 + o.items()) + o.customer().length()) * 100) / 100.0;
    int written =
        em.createQuery(
                "update ShopOrder o set o.score = :score, o.scoredOn = :node, o.status = :scored"
                    + " where o.id = :id and o.status = :open")
            .setParameter("score", value)
            .setParameter("node", node)
            .setParameter("scored", ShopOrder.SCORED)
            .setParameter("id", id)
            .setParameter("open", ShopOrder.OPEN)
            .executeUpdate();
    return written == 1 ? value : null;
  }

  /** How many orders are open and scored, and how many each node scored. */
  public Map<String, Object> summary() {
    Map<String, Object> out = new TreeMap<>();
    Map<String, Long> byNode = new TreeMap<>();
    long open = 0;
    for (Object[] row :
        em.createQuery(
                "select o.status, o.scoredOn, count(o) from ShopOrder o group by o.status, o.scoredOn",
                Object[].class)
            .getResultList()) {
      if (ShopOrder.OPEN.equals(row[0])) {
        open += (Long) row[2];
      } else {
        byNode.merge((String) row[1], (Long) row[2], Long::sum);
      }
    }
    out.put("open", open);
    out.put("scored", byNode.values().stream().mapToLong(Long::longValue).sum());
    out.put("scoredByNode", byNode);
    return out;
  }
}
