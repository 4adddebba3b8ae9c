package io.stingray.raylet.actor;

import io.stingray.api.ActorCreator;
import io.stingray.api.ActorHandle;
import io.stingray.api.ActorLifetime;
import io.stingray.api.PlacementGroup;
import io.stingray.api.SchedulingStrategy;
import io.stingray.api.spi.Invocation;
import io.stingray.raylet.context.Job;
import java.util.Map;
import java.util.Objects;

/** {@link ActorCreator}: collects options, then creates through the {@link ActorManager}. */
public final class ActorCreatorImpl<A> implements ActorCreator<A> {
  private final ActorManager manager;
  private final Job job;
  private final Invocation constructor;
  private final ActorOptions options = new ActorOptions();

  public ActorCreatorImpl(ActorManager manager, Job job, Invocation constructor) {
    this.manager = manager;
    this.job = job;
    this.constructor = constructor;
  }

  @Override
  public ActorCreator<A> setName(String name) {
    options.name(name);
    return this;
  }

  @Override
  public ActorCreator<A> setNamespace(String namespace) {
    options.namespace = namespace;
    return this;
  }

  @Override
  public ActorCreator<A> setLifetime(ActorLifetime lifetime) {
    options.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    return this;
  }

  @Override
  public ActorCreator<A> setResource(String name, double quantity) {
    options.resource(name, quantity);
    return this;
  }

  @Override
  public ActorCreator<A> setResources(Map<String, Double> resources) {
    Objects.requireNonNull(resources, "resources").forEach(options::resource);
    return this;
  }

  @Override
  public ActorCreator<A> setMaxRestarts(int maxRestarts) {
    options.maxRestarts = ActorOptions.atLeastMinusOne("maxRestarts", maxRestarts);
    return this;
  }

  @Override
  public ActorCreator<A> setMaxTaskRetries(int maxTaskRetries) {
    options.maxTaskRetries = ActorOptions.atLeastMinusOne("maxTaskRetries", maxTaskRetries);
    return this;
  }

  @Override
  public ActorCreator<A> setMaxConcurrency(int maxConcurrency) {
    options.maxConcurrency(maxConcurrency);
    return this;
  }

  @Override
  public ActorCreator<A> setMaxPendingCalls(int maxPendingCalls) {
    options.maxPendingCalls(maxPendingCalls);
    return this;
  }

  @Override
  public ActorCreator<A> setPlacementGroup(PlacementGroup group, int bundleIndex) {
    options.placementGroup(group, bundleIndex);
    return this;
  }

  @Override
  public ActorCreator<A> setSchedulingStrategy(SchedulingStrategy strategy) {
    options.strategy = Objects.requireNonNull(strategy, "scheduling strategy");
    return this;
  }

  @Override
  public ActorHandle<A> remote() {
    return manager.create(job, constructor, options);
  }
}
