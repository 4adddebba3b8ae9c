package io.stingray.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The harness's network: one Linux network namespace per node ({@code srN}), each with a veth pair
 * whose other end is on one bridge ({@code srbr0}), addresses from the benchmarking range
 * 198.18.0.0/15 (198.18.0.11, .12, ...). Faults are made inside the namespaces: {@code iptables}
 * DROP rules for partitions, a {@code tc} token bucket for a slow link. Nothing leaves the
 * namespaces; {@link #close} removes all of it, and {@link #setUp} first removes what an earlier
 * run that was killed left behind. Needs root, {@code ip}, {@code iptables} and {@code tc}.
 *
 * <p>Not thread-safe: the harness's main thread makes every change.
 */
final class Netns implements AutoCloseable {
  static final String BRIDGE = "srbr0";
  private final int nodes;

  private Netns(int nodes) {
    this.nodes = nodes;
  }

  /** Why this machine cannot run the harness, or null when it can. */
  static String unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "network namespaces need root (running as " + System.getProperty("user.name") + ")";
    }
    for (String tool : List.of("ip", "iptables", "tc")) {
      if (run(false, "sh", "-c", "command -v " + tool) != 0) {
        return "'" + tool + "' is missing (Debian: apt-get install iproute2 iptables)";
      }
    }
    run(false, "ip", "netns", "del", "srprobe"); // left by a run killed here
    if (run(false, "ip", "netns", "add", "srprobe") != 0) {
      return "'ip netns add' is refused here";
    }
    try {
      if (run(false, "ip", "netns", "exec", "srprobe", "iptables", "-w", "-L", "INPUT") != 0) {
        return "iptables does not work inside a network namespace here (no netfilter?)";
      }
      if (run(false, "ip", "netns", "exec", "srprobe", "tc", "qdisc", "show") != 0) {
        return "tc does not work inside a network namespace here";
      }
    } finally {
      run(false, "ip", "netns", "del", "srprobe");
    }
    return null;
  }

  /**
   * Makes the namespaces, veths and bridge; on a failure removes what it made and throws.
   *
   * @throws IllegalStateException naming the command that failed
   */
  static Netns setUp(int nodes) {
    removeLeftovers();
    try {
      return make(nodes);
    } catch (RuntimeException e) {
      removeLeftovers();
      throw e;
    }
  }

  private static Netns make(int nodes) {
    Netns n = new Netns(nodes);
    must("ip", "link", "add", BRIDGE, "type", "bridge");
    must("ip", "link", "set", BRIDGE, "up");
    // where the host filters bridged traffic (br_netfilter with a DROP policy, as Docker sets
    // it), let the nodes' traffic through; removed again with the bridge
    run(true, "iptables", "-w", "-I", "FORWARD", "-i", BRIDGE, "-o", BRIDGE, "-j", "ACCEPT");
    for (int i = 1; i <= nodes; i++) {
      String ns = ns(i);
      must("ip", "netns", "add", ns);
      must("ip", "link", "add", "srv" + i, "type", "veth", "peer", "name", "srv" + i + "p");
      must("ip", "link", "set", "srv" + i + "p", "netns", ns);
      must("ip", "link", "set", "srv" + i, "master", BRIDGE);
      must("ip", "link", "set", "srv" + i, "up");
      must("ip", "-n", ns, "addr", "add", address(i) + "/24", "dev", "srv" + i + "p");
      must("ip", "-n", ns, "link", "set", "srv" + i + "p", "up");
      must("ip", "-n", ns, "link", "set", "lo", "up");
    }
    return n;
  }

  /** The harness's own address on the bridge (the Payara scenario reaches its servers by it). */
  static final String HOST_ADDRESS = "198.18.0.1";

  /**
   * Gives the host {@link #HOST_ADDRESS} on the bridge, so that the harness can reach the nodes'
   * HTTP ports; the faults' rules name the nodes' addresses only, so they never cut it off. Gone
   * with the bridge.
   */
  void reachFromHost() {
    must("ip", "addr", "add", HOST_ADDRESS + "/24", "dev", BRIDGE);
  }

  static String ns(int i) {
    return "sr" + i;
  }

  static String address(int i) {
    return "198.18.0." + (10 + i);
  }

  /** The static JGroups host list of {@code nodes} nodes ({@code stingray.jgroups.hosts}). */
  static String jgroupsHosts(int nodes) {
    List<String> hosts = new ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      hosts.add(address(i) + "[7800]");
    }
    return String.join(",", hosts);
  }

  /** The command prefix that runs a program inside node {@code i}'s namespace. */
  static List<String> exec(int i) {
    return List.of("ip", "netns", "exec", ns(i));
  }

  /**
   * Node {@code i} no longer receives packets from {@code from}, and (unless one-way) sends none.
   */
  void cut(int i, Collection<Integer> from, boolean oneWay) {
    for (int j : from) {
      must(prefixed(i, "iptables", "-w", "-A", "INPUT", "-s", address(j), "-j", "DROP"));
      if (!oneWay) {
        must(prefixed(i, "iptables", "-w", "-A", "OUTPUT", "-d", address(j), "-j", "DROP"));
      }
    }
  }

  /** Splits the nodes into groups that cannot reach each other (both ways). */
  void partition(List<List<Integer>> groups) {
    for (List<Integer> g : groups) {
      List<Integer> others = new ArrayList<>();
      for (List<Integer> h : groups) {
        if (h != g) {
          others.addAll(h);
        }
      }
      for (int i : g) {
        cut(i, others, false);
      }
    }
  }

  /** Node {@code i} sends at most {@code kbit} kilobits a second. */
  void slow(int i, int kbit) {
    must(
        prefixed(
            i,
            "tc",
            "qdisc",
            "add",
            "dev",
            "srv" + i + "p",
            "root",
            "tbf",
            "rate",
            kbit + "kbit",
            "burst",
            "16kbit",
            "latency",
            "400ms"));
  }

  /** Removes every rule and rate limit: the network is whole again. */
  void heal() {
    for (int i = 1; i <= nodes; i++) {
      must(prefixed(i, "iptables", "-w", "-F", "INPUT"));
      must(prefixed(i, "iptables", "-w", "-F", "OUTPUT"));
      run(false, prefixed(i, "tc", "qdisc", "del", "dev", "srv" + i + "p", "root"));
    }
  }

  @Override
  public void close() {
    removeLeftovers();
  }

  private static void removeLeftovers() {
    for (int i = 1; i <= 16; i++) {
      // deleting a namespace does not end its processes (a stopped node would stay stopped)
      run(false, "sh", "-c", "ip netns pids " + ns(i) + " 2>/dev/null | xargs -r kill -9");
      run(false, "ip", "netns", "del", ns(i));
      run(false, "ip", "link", "del", "srv" + i);
    }
    run(false, "ip", "link", "del", BRIDGE);
    while (run(false, "iptables", "-w", "-D", "FORWARD", "-i", BRIDGE, "-o", BRIDGE, "-j", "ACCEPT")
        == 0) {
      // one rule per run that was not cleaned up
    }
  }

  private static String[] prefixed(int i, String... cmd) {
    List<String> all = new ArrayList<>(exec(i));
    all.addAll(List.of(cmd));
    return all.toArray(String[]::new);
  }

  private static void must(String... cmd) {
    if (run(true, cmd) != 0) {
      throw new IllegalStateException("failed: " + String.join(" ", cmd));
    }
  }

  private static int run(boolean show, String... cmd) {
    java.nio.file.Path out = null;
    try {
      out = java.nio.file.Files.createTempFile("chaos-cmd", ".out");
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out after 30 s: " + String.join(" ", cmd));
      }
      if (p.exitValue() != 0 && show) {
        System.err.println(
            "chaos: "
                + String.join(" ", cmd)
                + ": "
                + java.nio.file.Files.readString(out, StandardCharsets.UTF_8).trim());
      }
      return p.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd[0] + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + cmd[0], e);
    } finally {
      if (out != null) {
        try {
          java.nio.file.Files.deleteIfExists(out);
        } catch (IOException e) {
          // a temporary file
        }
      }
    }
  }

  /**
   * Holds the machine-wide lock of chaos runs: a second run would remove the first one's
   * namespaces.
   *
   * @throws IllegalStateException if another run holds it
   */
  static AutoCloseable lock() {
    try {
      java.nio.channels.FileChannel ch =
          java.nio.channels.FileChannel.open(
              java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "stingray-chaos.lock"),
              java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.WRITE);
      java.nio.channels.FileLock l = ch.tryLock();
      if (l == null) {
        ch.close();
        throw new IllegalStateException("another chaos run is going on on this machine");
      }
      return () -> {
        l.release();
        ch.close();
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the chaos lock: " + e.getMessage(), e);
    }
  }
}
