package io.stingray.raylet;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A node in its own JVM, for multi-process clusters and failure tests:
 *
 * <pre>
 * java -cp CLASSPATH io.stingray.raylet.RayNodeMain --cluster demo --cpus 2 [--resources GPU=1,ssd=4]
 *     [--node-name NAME] [--object-store-memory BYTES] [--max-pull-bytes-in-flight BYTES]
 *     [--max-queued-actor-calls N] [--grpc-port PORT] [--object-port PORT] [--bind ADDRESS]
 *     [--tls-certificate PEM --tls-key PEM --tls-trust PEM]
 * </pre>
 *
 * Prints {@code STINGRAY NODE READY <node id hex>} on standard output once it has joined the
 * cluster, and stops cleanly on SIGTERM. Bad arguments print a message and exit with status 2. The
 * cluster secret comes from the environment variable {@code STINGRAY_CLUSTER_SECRET} (never the
 * command line, where other users of the machine could read it). The node runs work of any job with
 * its own class path.
 */
public final class RayNodeMain {
  private RayNodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    NodeConfig config;
    try {
      config = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("RayNodeMain: " + e.getMessage());
      System.err.println(
          "usage: RayNodeMain --cluster NAME [--cpus N] [--resources K=V,K=V] [--node-name NAME]"
              + " [--object-store-memory BYTES] [--max-pull-bytes-in-flight BYTES]"
              + " [--max-queued-actor-calls N] [--grpc-port PORT] [--object-port PORT] [--bind ADDRESS]"
              + " [--tls-certificate PEM --tls-key PEM --tls-trust PEM]");
      System.exit(2);
      return;
    }
    RayNode node = RayNode.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                },
                "stingray-shutdown"));
    System.out.println("STINGRAY NODE READY " + node.id().hex());
    System.out.flush();
    stopped.await();
  }

  /**
   * Reads the command line into a config (the options above; the secret from the environment).
   * Public for programs that start a node of their own with the same options (the chaos harness's
   * agents). Thread-safe: reads only its arguments and the environment.
   *
   * @throws IllegalArgumentException naming the bad or missing option
   */
  public static NodeConfig parse(String[] args) {
    NodeConfig.Builder b = NodeConfig.builder();
    Map<String, Double> resources = new HashMap<>();
    java.nio.file.Path[] tls = new java.nio.file.Path[3]; // certificate, key, trust
    for (int i = 0; i < args.length; i++) {
      String opt = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(opt + " needs a value");
      }
      String v = args[++i];
      switch (opt) {
        case "--cluster" -> b.clusterName(v);
        case "--cpus" -> b.numCpus(integer(opt, v));
        case "--resources" -> resources.putAll(resources(v));
        case "--node-name" -> b.nodeName(v);
        case "--object-store-memory" -> b.objectStoreMemory(number(opt, v));
        case "--max-pull-bytes-in-flight" -> b.maxPullBytesInFlight(number(opt, v));
        case "--max-queued-actor-calls" -> b.maxQueuedActorCalls(integer(opt, v));
        case "--grpc-port" -> b.grpcPort(integer(opt, v));
        case "--object-port" -> b.objectPort(integer(opt, v));
        case "--bind" -> b.bindAddress(v);
        case "--tls-certificate" -> tls[0] = java.nio.file.Path.of(v);
        case "--tls-key" -> tls[1] = java.nio.file.Path.of(v);
        case "--tls-trust" -> tls[2] = java.nio.file.Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + opt);
      }
    }
    b.tls(tls[0], tls[1], tls[2]);
    String secret = System.getenv("STINGRAY_CLUSTER_SECRET");
    if (secret != null && !secret.isEmpty()) {
      b.clusterSecret(secret);
    }
    return b.resources(resources).build();
  }

  private static int integer(String opt, String v) {
    return Math.toIntExact(number(opt, v));
  }

  private static long number(String opt, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(opt + " takes a whole number, got '" + v + "'");
    }
  }

  private static Map<String, Double> resources(String spec) {
    Map<String, Double> m = new HashMap<>();
    for (String part : spec.split(",")) {
      String[] kv = part.split("=", 2);
      try {
        m.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "--resources takes NAME=QUANTITY pairs separated by commas, got '" + spec + "'");
      }
    }
    return m;
  }
}
