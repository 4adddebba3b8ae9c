package io.stingray.api;

/** Whether an actor dies with its job. */
public enum ActorLifetime {
  /** Dies when its job ends (application undeployed, driver gone). */
  NON_DETACHED,
  /** Lives until killed. */
  DETACHED
}
