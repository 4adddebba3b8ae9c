package io.stingray.example;

import io.stingray.api.ActorHandle;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A test EJB that uses the injected RayContext the way an application would. */
@Stateless
public class ContainerProbe {
  @Inject RayContext ray;

  public static int square(int x) {
    return x * x;
  }

  /** Sum of squares 1..n, one task per number. */
  public long sumOfSquares(int n) {
    List<ObjectRef<Integer>> refs = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      refs.add(ray.task(ContainerProbe::square, i).remote());
    }
    return ray.get(refs).stream().mapToLong(Integer::longValue).sum();
  }

  /** Puts a 10 MiB array and reads it back; returns whether every byte survived. */
  public boolean roundTrip10MiB() {
    byte[] data = new byte[10 << 20];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    byte[] back = ray.get(ray.put(data));
    return Arrays.equals(data, back);
  }

  /** Submits n scores to a fresh leaderboard actor and returns the player's best. */
  public long actorBest(int n) {
    ActorHandle<Leaderboard> board = ray.actor(Leaderboard::new).remote();
    for (int i = 1; i <= n; i++) {
      board.task(Leaderboard::submit, "p", (long) i).remote();
    }
    return ray.get(board.task(Leaderboard::submit, "p", 0L).remote());
  }
}
