package io.stingray.example.orders;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** An order of the example's shop: open until a task scores it, on whichever node it runs. */
@Entity
@Table(name = "STINGRAY_ORDERS")
public class ShopOrder {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "orders")
  @SequenceGenerator(name = "orders", sequenceName = "STINGRAY_ORDERS_SEQ", allocationSize = 50)
  private long id;

  private String customer;
  private double amount;
  private int items;
  private String status;
  private Double score;
  private String scoredOn;

  protected ShopOrder() {} // for JPA

  ShopOrder(String customer, double amount, int items) {
    this.customer = customer;
    this.amount = amount;
    this.items = items;
    this.status = OPEN;
  }

  static final String OPEN = "OPEN";
  static final String SCORED = "SCORED";

  public long id() {
    return id;
  }

  public String customer() {
    return customer;
  }

  public double amount() {
    return amount;
  }

  public int items() {
    return items;
  }

  public String status() {
    return status;
  }

  public Double score() {
    return score;
  }

  public String scoredOn() {
    return scoredOn;
  }
}
