package io.stingray.chaos;

import io.stingray.api.NodeInfo;
import io.stingray.raylet.RayNode;
import io.stingray.raylet.RayNodeMain;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One chaos node: a {@link RayNode} started with {@link RayNodeMain}'s options, plus the agent the
 * harness drives over standard input and reads over standard output (no network, so a partition
 * never cuts the harness off). Usage: {@code NodeAgent TAG RayNodeMain-options...}.
 *
 * <p>It prints {@code CHAOS READY <node id>}, then every 500 ms {@code CHAOS VIEW <millis> <fenced
 * 0|1> <alive node ids|-> <store bytes> <live actor ids|-> <start of the oldest operation in
 * flight, epoch ms, or 0>} (or {@code CHAOS VIEWFAILED <why>}), and one {@code CHAOS OP ...} line
 * per workload operation. Commands, one per line: {@code work} (start the workload), {@code rest}
 * (stop it; answers {@code CHAOS RESTED}), {@code check} (answers {@code CHAOS KEPT <checked>
 * <lost> <wrong> <detail>}), {@code release} (drops the workload's references and collects garbage;
 * answers {@code CHAOS RELEASED}).
 */
public final class NodeAgent {
  private NodeAgent() {}

  public static void main(String[] args) throws Exception {
    String tag = args[0];
    RayNode node = RayNode.start(RayNodeMain.parse(Arrays.copyOfRange(args, 1, args.length)));
    Workload work = new Workload(node.context(), tag, 2, NodeAgent::say);
    say("READY " + node.id().hex());
    Thread views =
        new Thread(
            () -> {
              while (true) {
                try {
                  say(view(node, work));
                } catch (RuntimeException e) {
                  say("VIEWFAILED " + Workload.words(e.toString()));
                }
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "chaos-views");
    views.setDaemon(true);
    views.start();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      switch (line.trim()) {
        case "work" -> work.start();
        case "rest" -> {
          work.stop();
          say("RESTED");
        }
        case "check" -> say("KEPT " + work.checkKept());
        case "release" -> {
          work.release();
          for (int i = 0; i < 3; i++) { // references are counted by the garbage collector
            System.gc();
            Thread.sleep(200);
          }
          say("RELEASED");
        }
        default -> say("UNKNOWN " + line);
      }
    }
    // the harness closed our input: it is done with us
    work.stop();
    node.close();
    System.exit(0);
  }

  private static String view(RayNode node, Workload work) {
    List<NodeInfo> nodes = node.context().runtimeContext().nodes();
    String alive =
        nodes.stream()
            .filter(NodeInfo::alive)
            .map(n -> n.id().hex())
            .sorted()
            .collect(Collectors.joining(","));
    String hosted =
        node.raylet().actors().liveHere().stream()
            .map(id -> id.hex())
            .sorted()
            .collect(Collectors.joining(","));
    long oldest = work.oldestStart(); // read first: never after the time the view is stamped with
    return "VIEW "
        + System.currentTimeMillis()
        + " "
        + (node.raylet().fenced() == null ? 0 : 1)
        + " "
        + (alive.isEmpty() ? "-" : alive)
        + " "
        + node.raylet().store().usedBytes()
        + " "
        + (hosted.isEmpty() ? "-" : hosted)
        + " "
        + oldest;
  }

  private static synchronized void say(String line) {
    System.out.println("CHAOS " + line);
    System.out.flush();
  }
}
