package io.stingray.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The chaos harness: N nodes in network namespaces under a mixed workload, a nemesis that injects
 * each fault and heals it, and a checker. Usage (as root; {@code chaos/run} builds and calls it):
 *
 * <pre>
 * Chaos --quick | --minutes N   [--nodes 5] [--seed S] [--out DIR] [--faults TYPE,TYPE...]
 *       [--payara [--payara-dir DIR]]
 * </pre>
 *
 * <p>With {@code --payara} the nodes are Payara Micro servers with the adapter, the console and the
 * example (3 by default; the files from {@code DIR}, default {@code chaos/target/payara}, where the
 * build puts them), the workload is requests to the example, and the faults default to {@link
 * Fault#PAYARA_TYPES}.
 *
 * <p>Ends with one line {@code N operations, F faults, A anomalies} and exits 0 only when A is 0;
 * exits 2 on bad arguments and 3 when the machine cannot run it (not root, no {@code iptables},
 * ...) or the cluster never formed.
 */
public final class Chaos {
  private static final Duration SETTLE = Duration.ofSeconds(10);
  // after one membership is back, the time work may still fail (a call sent just before)
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final Duration CONVERGE_LIMIT = Duration.ofSeconds(120);

  private Chaos() {}

  /** What to run. */
  record Options(
      boolean quick,
      int minutes,
      int nodes,
      long seed,
      Path out,
      List<String> faults,
      Path payaraDir) {
    static Options parse(String[] args) {
      boolean quick = false;
      int minutes = 0;
      Integer nodes = null;
      long seed = new SecureRandom().nextLong();
      Path out = null;
      List<String> faults = null;
      boolean payara = false;
      Path payaraDir = Path.of("chaos", "target", "payara");
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--quick") || a.equals("--payara")) {
          quick |= a.equals("--quick");
          payara |= a.equals("--payara");
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        try {
          switch (a) {
            case "--minutes" -> minutes = Integer.parseInt(v);
            case "--nodes" -> nodes = Integer.parseInt(v);
            case "--seed" -> seed = Long.parseLong(v);
            case "--out" -> out = Path.of(v);
            case "--faults" -> faults = Fault.types(v);
            case "--payara-dir" -> payaraDir = Path.of(v);
            default -> throw new IllegalArgumentException("unknown option " + a);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(a + " takes a whole number, got '" + v + "'");
        }
      }
      if (quick == (minutes > 0)) {
        throw new IllegalArgumentException("give either --quick or --minutes N (N > 0)");
      }
      if (nodes == null) {
        nodes = payara ? 3 : 5;
      }
      if (nodes < 3 || nodes > (payara ? 5 : 9)) {
        throw new IllegalArgumentException(
            "--nodes takes 3 to " + (payara ? "5 Payara Micro servers" : "9") + ", got " + nodes);
      }
      if (faults == null) {
        faults = payara ? Fault.PAYARA_TYPES : Fault.TYPES;
      }
      if (out == null) {
        out =
            Path.of(
                "chaos",
                "target",
                "run-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
      }
      return new Options(quick, minutes, nodes, seed, out, faults, payara ? payaraDir : null);
    }
  }

  /** How a run ended. */
  record Result(int operations, int faults, List<String> anomalies, List<Checker.Figures> figures) {
    String line() {
      return operations + " operations, " + faults + " faults, " + anomalies.size() + " anomalies";
    }
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("chaos: " + e.getMessage());
      System.err.println(
          "usage: chaos/run --quick | --minutes N  [--nodes 5] [--seed S] [--out DIR]"
              + " [--faults TYPE,TYPE...] [--payara [--payara-dir DIR]] (types: "
              + String.join(", ", Fault.TYPES)
              + ")");
      System.exit(2);
      return;
    }
    String why = Netns.unavailable();
    if (why != null) {
      System.err.println("chaos: cannot run here: " + why);
      System.exit(3);
      return;
    }
    Result r;
    try (AutoCloseable lock = Netns.lock()) {
      r = run(o, System.getProperty("java.class.path"));
    } catch (IllegalStateException e) { // cannot run here, or the cluster never formed
      System.err.println("chaos: " + e.getMessage());
      System.exit(3);
      return;
    }
    System.out.println(r.line());
    System.exit(r.anomalies().isEmpty() ? 0 : 1);
  }

  /**
   * Runs the harness with nodes on {@code classPath}.
   *
   * @throws IllegalStateException if the namespaces cannot be made or the cluster never forms
   */
  static Result run(Options o, String classPath) throws Exception {
    Agent.Payara payara = o.payaraDir() == null ? null : payaraFiles(o.payaraDir());
    Files.createDirectories(o.out());
    System.out.printf(
        "chaos: %d %s, %s, seed %d, history and logs in %s%n",
        o.nodes(),
        payara == null ? "nodes" : "Payara Micro servers",
        (o.quick() ? "each fault type once" : o.minutes() + " minutes")
            + (o.faults().equals(payara == null ? Fault.TYPES : Fault.PAYARA_TYPES)
                ? ""
                : " (--faults \"" + String.join(",", o.faults()) + "\")"),
        o.seed(),
        o.out());
    History history = new History(o.out().resolve("history.log"));
    Checker checker = new Checker(history);
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Agent.Setup setup =
        new Agent.Setup(
            classPath, HexFormat.of().formatHex(secret), o.nodes(), o.out(), history, payara);
    List<Checker.Figures> figures = new ArrayList<>();
    int faults = 0;
    Netns net = Netns.setUp(o.nodes());
    Thread cleanup = new Thread(net::close, "chaos-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    if (payara != null) {
      net.reachFromHost();
    }
    try (Nemesis nemesis = new Nemesis(net, setup)) {
      nemesis.startAll();
      long formed = nemesis.awaitOneMembership(0, CONVERGE_LIMIT);
      if (formed < 0) {
        throw new IllegalStateException(
            "the "
                + o.nodes()
                + " nodes did not form one cluster within "
                + CONVERGE_LIMIT.toSeconds()
                + " s; see the node logs in "
                + o.out());
      }
      System.out.println("chaos: cluster formed: " + nemesis.ids());
      Map<Integer, Long> baseline = new HashMap<>();
      for (Agent a : nemesis.agents()) {
        baseline.put(a.index, history.latest(a.index).storeBytes());
        a.send("work");
      }
      Thread.sleep(SETTLE.toMillis());
      Random random = new Random(o.seed());
      long end = System.currentTimeMillis() + o.minutes() * 60_000L;
      List<Fault> plan =
          o.quick()
              ? Fault.everyType(
                  o.faults(), o.nodes(), random, Duration.ofSeconds(30), Duration.ofSeconds(20))
              : new ArrayList<>();
      for (int k = 0; o.quick() ? k < plan.size() : System.currentTimeMillis() < end; k++) {
        Fault f =
            o.quick()
                ? plan.get(k)
                : Fault.of(
                    o.faults().get(random.nextInt(o.faults().size())),
                    o.nodes(),
                    random,
                    Duration.ofSeconds(15 + random.nextInt(16)));
        try {
          figures.add(inject(nemesis, checker, f));
        } catch (RuntimeException e) { // a node that would not start again, a command that failed
          checker.anomaly("the run broke off at " + f.name() + ": " + e);
          faults++;
          break;
        }
        faults++;
        replaceEnded(nemesis, checker);
      }
      replaceEnded(nemesis, checker);
      finish(nemesis, checker, baseline);
    } finally {
      net.close();
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
    checker.wrongResults();
    checker.hangs();
    history.close();
    Result r = new Result(history.ops().size(), faults, checker.anomalies(), figures);
    String table = table(r);
    Files.writeString(o.out().resolve("report.md"), table + "\n" + r.line() + "\n");
    System.out.print(table);
    return r;
  }

  /**
   * The Payara Micro scenario's files in {@code dir}.
   *
   * @throws IllegalStateException naming a file that is not there
   */
  static Agent.Payara payaraFiles(Path dir) {
    Path jar = dir.resolve("payara-micro.jar");
    List<Path> deploy =
        List.of(
            dir.resolve("stingray-resource-adapter.rar"),
            dir.resolve("stingray.war"),
            dir.resolve("stingray-example.war"));
    List<Path> all = new ArrayList<>(List.of(jar));
    all.addAll(deploy);
    for (Path p : all) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException(
            p.toAbsolutePath()
                + " is missing: build the chaos module first (chaos/run does; or mvn -pl chaos -am"
                + " package -DskipTests), which puts Payara Micro, the adapter, the console and the"
                + " example there");
      }
    }
    return new Agent.Payara(
        jar.toAbsolutePath(), deploy.stream().map(Path::toAbsolutePath).toList());
  }

  private static Checker.Figures inject(Nemesis nemesis, Checker checker, Fault f)
      throws InterruptedException {
    Set<String> victimIds = new TreeSet<>();
    for (int v : f.victims()) {
      victimIds.add(nemesis.agent(v).nodeId);
    }
    System.out.println("chaos: " + f.name() + " for " + f.hold().toSeconds() + " s");
    long injected = System.currentTimeMillis();
    nemesis.history().event("inject " + f.name());
    f.inject().run(nemesis);
    Thread.sleep(f.hold().toMillis());
    f.heal().run(nemesis);
    long healed = System.currentTimeMillis();
    nemesis.history().event("healed " + f.name());
    long converged = nemesis.awaitOneMembership(healed, CONVERGE_LIMIT);
    if (converged < 0) {
      checker.anomaly(
          "no single membership " + CONVERGE_LIMIT.toSeconds() + " s after healing " + f.name());
    }
    Thread.sleep(SETTLE.toMillis());
    if (converged > 0) {
      // operations end up to a deadline later: wait for those submitted in the window to end
      Thread.sleep(Workload.DEADLINE.toMillis());
      checker.failuresAfterHealing(
          f.name(), converged + GRACE.toMillis(), converged + SETTLE.toMillis());
    }
    // an actor hosted twice in two views 2 s apart (not one caught moving)
    Map<String, Set<Integer>> twice = checker.duplicateActors(nemesis.indices());
    if (!twice.isEmpty()) {
      Thread.sleep(2_000);
      Map<String, Set<Integer>> still = checker.duplicateActors(nemesis.indices());
      still.keySet().retainAll(twice.keySet());
      still.forEach(
          (actor, nodes) ->
              checker.anomaly(
                  "actor "
                      + actor
                      + " has live instances on nodes "
                      + nodes
                      + " after "
                      + f.name()));
    }
    Checker.Figures fig = checker.figures(f, victimIds, injected, healed, converged);
    System.out.printf(
        Locale.ROOT,
        "chaos:   detected %s, work flowing again %s, one membership %s after healing%n",
        secs(fig.detect()),
        secs(fig.flowsAgain()),
        secs(fig.converged()));
    return fig;
  }

  /** A node process that ended on its own (not killed by the nemesis) is an anomaly: restart it. */
  private static void replaceEnded(Nemesis nemesis, Checker checker) {
    for (Agent a : nemesis.agents()) {
      if (!a.alive()) {
        checker.anomaly(
            "node "
                + a.index
                + "'s process ended on its own (status "
                + a.exitStatus()
                + "); see its log");
        nemesis.restart(a.index);
      }
    }
  }

  /** Stops the work, reads every kept value again, releases them, and waits for the stores. */
  private static void finish(Nemesis nemesis, Checker checker, Map<Integer, Long> baseline)
      throws InterruptedException {
    for (Agent a : nemesis.agents()) {
      a.send("rest");
    }
    for (Agent a : nemesis.agents()) {
      if (a.await("RESTED", Duration.ofMillis(Checker.HANG_MILLIS + 30_000)) == null) {
        checker.anomaly("node " + a.index + "'s workload did not stop: an operation hangs");
      }
    }
    for (Agent a : nemesis.agents()) {
      a.send("check");
      String kept = a.await("KEPT", Duration.ofSeconds(120));
      String[] w = kept == null ? null : kept.split(" ", 5);
      if (w == null) {
        checker.anomaly("node " + a.index + " did not answer the final reads");
      } else if (!w[2].equals("0") || !w[3].equals("0")) {
        checker.anomaly(
            "node "
                + a.index
                + ": of "
                + w[1]
                + " acknowledged values, "
                + w[2]
                + " lost and "
                + w[3]
                + " wrong ("
                + w[4]
                + ")");
      }
    }
    for (Agent a : nemesis.agents()) {
      a.send("release");
      a.await("RELEASED", Duration.ofSeconds(30));
    }
    long deadline = System.currentTimeMillis() + 60_000;
    for (Agent a : nemesis.agents()) {
      long base = baseline.getOrDefault(a.index, 0L);
      while (true) {
        History.View v = nemesis.history().latest(a.index);
        long used = v == null ? -1 : v.storeBytes();
        if (used >= 0 && used <= base + (1 << 20)) {
          break;
        }
        if (System.currentTimeMillis() > deadline) {
          checker.anomaly(
              "node "
                  + a.index
                  + "'s object store holds "
                  + used
                  + " bytes 60 s after the work"
                  + " ended ("
                  + base
                  + " before it)");
          break;
        }
        Thread.sleep(250);
      }
    }
  }

  static String table(Result r) {
    StringBuilder sb = new StringBuilder();
    sb.append("| fault | held | detected | work flows again | one membership after healing |")
        .append(" ops ok / failed meanwhile |\n|---|---|---|---|---|---|\n");
    for (Checker.Figures f : r.figures()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d s | %s | %s | %s | %d / %d |%n",
              f.fault(),
              f.holdSeconds(),
              secs(f.detect()),
              secs(f.flowsAgain()),
              secs(f.converged()),
              f.ok(),
              f.failed()));
    }
    for (String a : r.anomalies()) {
      sb.append("\nanomaly: ").append(a);
    }
    return sb.append('\n').toString();
  }

  private static String secs(double s) {
    return s < 0 ? "never" : String.format(Locale.ROOT, "%.1f s", s);
  }
}
