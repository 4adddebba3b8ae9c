package io.stingray.api.admin;

/** A driver or an application. */
public record JobView(
    String id,
    String name,
    String namespace,
    String state,
    String driverNode,
    long startMillis,
    long endMillis) {}
