package io.stingray.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker finds what it must in a history, and nothing where there is nothing. */
class CheckerTest {
  @TempDir Path dir;

  private static String op(long t0, long t1, String kind, String outcome) {
    return "OP " + t0 + " " + t1 + " " + kind + " " + outcome + " detail";
  }

  /** A view at {@code t} whose oldest operation has run {@code inFlight} ms (0: none runs). */
  private static String view(long t, String alive, long inFlight) {
    return "VIEW " + t + " 0 " + alive + " 0 - " + (inFlight == 0 ? 0 : t - inFlight);
  }

  @Test
  void aWrongResultIsAnAnomalyAndErrorsAndTimeoutsAreNot() {
    History h = new History(dir.resolve("h.log"));
    h.line(1, op(1_000, 1_010, "task", "ok"));
    h.line(1, op(1_000, 21_000, "task", "timeout"));
    h.line(2, op(1_000, 1_500, "put", "error"));
    Checker c = new Checker(h);
    c.wrongResults();
    assertThat(c.anomalies()).isEmpty();
    h.line(2, "OP 2000 2010 blob wrong WRONG blob 70000B 70000:abc");
    c.wrongResults();
    assertThat(c.anomalies()).singleElement().asString().contains("node 2", "WRONG blob");
  }

  @Test
  void anOperationPastItsDeadlineHangsUnlessItsNodeWasStoppedMeanwhile() {
    History h = new History(dir.resolve("h.log"));
    long now = 1_000_000;
    h.line(1, view(now, "a,b", Checker.HANG_MILLIS - 1));
    Checker c = new Checker(h);
    c.hangs();
    assertThat(c.anomalies()).as("within the deadline and its slack").isEmpty();

    // node 2 was stopped for 20 s while its operation ran: those 20 s are not the operation's
    h.event(now - 30_000, "SIGSTOP 2");
    h.event(now - 10_000, "SIGCONT 2");
    h.line(2, view(now, "a,b", Checker.HANG_MILLIS + 15_000));
    c.hangs();
    assertThat(c.anomalies()).as("15 s over, but 20 s of it stopped").isEmpty();
    h.line(2, view(now + 10_000, "a,b", Checker.HANG_MILLIS + 25_000));
    c.hangs();
    assertThat(c.anomalies()).singleElement().asString().contains("node 2", "past its");
  }

  @Test
  void figuresMeasureDetectionRecoveryAndConvergenceFromTheHistory() {
    History h = new History(dir.resolve("h.log"));
    long t = 100_000;
    Fault f = new Fault("pause 3", List.of(3), Duration.ofSeconds(20), n -> {}, n -> {});
    // node 1 sees node 3 (id c) gone 12 s after the fault, its work fails until 15 s, flows at 16 s
    h.line(1, view(t + 5_000, "a,b,c", 0));
    h.line(1, view(t + 12_000, "a,b", 0));
    h.line(1, op(t + 1_000, t + 15_000, "task", "timeout"));
    h.line(1, op(t + 14_000, t + 15_000, "task", "error"));
    h.line(1, op(t + 16_000, t + 16_100, "task", "ok"));
    h.line(3, op(t + 1_000, t + 40_000, "task", "error")); // the victim's own failures do not count
    Checker.Figures fig = new Checker(h).figures(f, Set.of("c"), t, t + 20_000, t + 27_500);
    assertThat(fig.detect()).isEqualTo(12.0);
    assertThat(fig.flowsAgain()).isEqualTo(16.0);
    assertThat(fig.converged()).isEqualTo(7.5);
    assertThat(fig.ok()).isEqualTo(1);
    assertThat(fig.failed()).isEqualTo(3);
  }

  @Test
  void workThatStillFailsAfterHealingIsAnAnomaly() {
    History h = new History(dir.resolve("h.log"));
    h.line(1, op(1_000, 1_100, "task", "error")); // during the fault: allowed
    h.line(1, op(5_000, 5_100, "task", "ok"));
    Checker c = new Checker(h);
    c.failuresAfterHealing("pause 2", 4_000, 9_000);
    assertThat(c.anomalies()).isEmpty();
    h.line(2, op(6_000, 6_001, "actor", "error"));
    c.failuresAfterHealing("pause 2", 4_000, 9_000);
    assertThat(c.anomalies())
        .singleElement()
        .asString()
        .contains("1 operations", "node 2", "actor");
  }

  @Test
  void anActorHostedByTwoNodesIsFound() {
    History h = new History(dir.resolve("h.log"));
    h.line(1, "VIEW 1 0 a,b 0 x1,x2 0");
    h.line(2, "VIEW 1 0 a,b 0 x3 0");
    Checker c = new Checker(h);
    assertThat(c.duplicateActors(List.of(1, 2))).isEmpty();
    h.line(2, "VIEW 2 0 a,b 0 x2,x3 0");
    assertThat(c.duplicateActors(List.of(1, 2))).containsOnlyKeys("x2");
    assertThat(c.duplicateActors(List.of(1))).as("a node that is not running").isEmpty();
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> Chaos.Options.parse(new String[] {}))
        .hasMessageContaining("--quick or --minutes N");
    assertThatThrownBy(() -> Chaos.Options.parse(new String[] {"--quick", "--nodes", "2"}))
        .hasMessageContaining("3 to 9");
    assertThatThrownBy(() -> Chaos.Options.parse(new String[] {"--minutes", "x"}))
        .hasMessageContaining("--minutes takes a whole number");
    assertThat(Chaos.Options.parse(new String[] {"--minutes", "3", "--seed", "7"}).seed())
        .isEqualTo(7);
  }

  @Test
  void thePayaraScenarioDefaultsToThreeServersAndItsOwnFaultsAndNamesMissingFiles() {
    Chaos.Options o = Chaos.Options.parse(new String[] {"--payara", "--quick"});
    assertThat(o.nodes()).isEqualTo(3);
    assertThat(o.faults()).isEqualTo(Fault.PAYARA_TYPES);
    assertThat(o.payaraDir()).isEqualTo(Path.of("chaos", "target", "payara"));
    assertThat(Chaos.Options.parse(new String[] {"--quick"}).payaraDir()).isNull();
    assertThatThrownBy(
            () -> Chaos.Options.parse(new String[] {"--payara", "--quick", "--nodes", "6"}))
        .hasMessageContaining("3 to 5 Payara Micro servers");
    assertThatThrownBy(() -> Chaos.payaraFiles(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("payara-micro.jar is missing")
        .hasMessageContaining("build the chaos module first");
  }
}
