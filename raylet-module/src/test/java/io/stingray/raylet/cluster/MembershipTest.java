package io.stingray.raylet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.exception.RayException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which side of a split may act: majority, tie-breaker, graceful leaves, healing. */
class MembershipTest {
  @Test
  void theMajoritySideActsAndTheMinoritySideIsFencedUntilItIsBack() {
    Membership a = new Membership("a", List.of("a", "b", "c"));
    Membership c = new Membership("c", List.of("a", "b", "c"));
    assertThat(a.viewChanged(List.of("a", "b"), List.of())).isTrue();
    assertThat(c.viewChanged(List.of("c"), List.of())).isFalse();
    assertThat(a.fenced()).isNull();
    assertThat(c.fenced()).contains("minority partition", "1 of the 3 nodes");
    assertThatThrownBy(() -> c.check("claim the actor name 'x'"))
        .isInstanceOf(RayException.class)
        .hasMessageStartingWith("cannot claim the actor name 'x' now: ");
    a.check("restart actors"); // no exception on the deciding side

    assertThat(c.viewChanged(List.of("a", "b", "c"), List.of())).isTrue();
    assertThat(a.viewChanged(List.of("a", "b", "c"), List.of())).isTrue();
    assertThat(c.fenced()).isNull();
    assertThat(a.stable()).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void withExactlyHalfTheSideHoldingTheLowestIdActs() {
    Membership a = new Membership("a", List.of("a", "b"));
    Membership b = new Membership("b", List.of("a", "b"));
    assertThat(a.viewChanged(List.of("a"), List.of())).isTrue();
    assertThat(b.viewChanged(List.of("b"), List.of())).isFalse();
    assertThat(b.fenced()).contains("exactly half", "lowest node id a");

    Membership d = new Membership("d", List.of("a", "b", "c", "d"));
    assertThat(d.viewChanged(List.of("c", "d"), List.of())).as("2|2 without a").isFalse();
    Membership b4 = new Membership("b", List.of("a", "b", "c", "d"));
    assertThat(b4.viewChanged(List.of("a", "b"), List.of())).as("2|2 with a").isTrue();
  }

  @Test
  void nodesThatLeaveOnPurposeDoNotCountAsMissing() {
    Membership a = new Membership("a", List.of("a", "b", "c"));
    assertThat(a.viewChanged(List.of("a", "b"), List.of("c"))).isTrue();
    assertThat(a.viewChanged(List.of("a"), List.of("b"))).as("scaled down to one").isTrue();
    Membership z = new Membership("z", List.of("a", "z"));
    assertThat(z.viewChanged(List.of("z"), List.of("a"))).as("the other one stopped").isTrue();
    assertThat(z.fenced()).isNull();
  }

  @Test
  void nodesThatJoinCountFromThen() {
    Membership a = new Membership("a", List.of("a"));
    assertThat(a.viewChanged(List.of("a", "b", "c", "d"), List.of())).isTrue();
    assertThat(a.viewChanged(List.of("a"), List.of())).as("1 of 4").isFalse();
  }

  @Test
  void nodesJoiningAFencedSideDoNotMakeItAMajority() {
    Membership c = new Membership("c", List.of("a", "b", "c"));
    assertThat(c.viewChanged(List.of("c"), List.of())).isFalse();
    assertThat(c.viewChanged(List.of("c", "d", "e"), List.of()))
        .as("3 of 5 by new nodes")
        .isFalse();
    assertThat(c.viewChanged(List.of("a", "b", "c", "d", "e"), List.of())).as("healed").isTrue();
    assertThat(c.stable()).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
  }
}
