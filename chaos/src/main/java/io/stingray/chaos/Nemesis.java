package io.stingray.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The running cluster as the faults see it: the network, and node processes to pause, kill and
 * start again. Used by the harness's main thread ({@link #startAll} starts the first nodes side by
 * side and returns when all are up).
 */
final class Nemesis implements AutoCloseable {
  private final Netns net;
  private final Agent.Setup setup;
  private final Agent[] agents;
  private final int[] generation;

  Nemesis(Netns net, Agent.Setup setup) {
    this.net = net;
    this.setup = setup;
    this.agents = new Agent[setup.nodes() + 1];
    this.generation = new int[setup.nodes() + 1];
  }

  Netns net() {
    return net;
  }

  History history() {
    return setup.history();
  }

  /** Starts node 1, then the others side by side (each joins through the static host list). */
  void startAll() throws InterruptedException {
    agents[1] = Agent.start(setup, 1, 0);
    List<Thread> starters = new ArrayList<>();
    List<RuntimeException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int i = 2; i < agents.length; i++) {
      int k = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  agents[k] = Agent.start(setup, k, 0);
                } catch (RuntimeException e) {
                  failures.add(e);
                }
              },
              "chaos-start-" + i);
      t.start();
      starters.add(t);
    }
    for (Thread t : starters) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }

  List<Agent> agents() {
    List<Agent> all = new ArrayList<>();
    for (int i = 1; i < agents.length; i++) {
      if (agents[i] != null) {
        all.add(agents[i]);
      }
    }
    return all;
  }

  /** The indices of the running nodes. */
  List<Integer> indices() {
    return agents().stream().map(a -> a.index).toList();
  }

  Agent agent(int i) {
    return agents[i];
  }

  /** The node ids of the running nodes. */
  Set<String> ids() {
    Set<String> s = new TreeSet<>();
    for (Agent a : agents()) {
      s.add(a.nodeId);
    }
    return s;
  }

  void pause(int i) {
    history().event("SIGSTOP " + i);
    agents[i].signal("STOP");
  }

  void resume(int i) {
    agents[i].signal("CONT");
    history().event("SIGCONT " + i);
  }

  void kill(int i) {
    agents[i].signal("KILL");
    history().event("kill -9 " + i);
  }

  /** Starts a new process for node {@code i} (a new node id) and sets it to work. */
  void restart(int i) {
    Agent old = agents[i];
    old.close();
    history().forget(i);
    generation[i]++;
    agents[i] = Agent.start(setup, i, generation[i]);
    if (!agents[i].send("work")) {
      throw new IllegalStateException("node " + i + " ended as soon as it started again");
    }
    history().event("restarted " + i + " as " + agents[i].nodeId);
  }

  /**
   * Waits until every running node sees exactly the running nodes alive and none is fenced; returns
   * when that first held (epoch millis), or -1 after {@code limit}.
   */
  long awaitOneMembership(long since, Duration limit) throws InterruptedException {
    long deadline = System.currentTimeMillis() + limit.toMillis();
    while (System.currentTimeMillis() < deadline) {
      Set<String> ids = ids();
      boolean all = true;
      for (Agent a : agents()) {
        History.View v = history().latest(a.index);
        if (v == null || v.t() < since || v.fenced() || !v.alive().equals(ids)) {
          all = false;
          break;
        }
      }
      if (all) {
        return System.currentTimeMillis();
      }
      Thread.sleep(200);
    }
    return -1;
  }

  @Override
  public void close() {
    for (Agent a : agents()) {
      a.close();
    }
  }
}
