package io.stingray.raylet.task;

import io.stingray.api.ObjectRef;
import io.stingray.api.PlacementGroup;
import io.stingray.api.SchedulingStrategy;
import io.stingray.api.TaskCaller;
import io.stingray.api.spi.Invocation;
import io.stingray.raylet.context.Job;
import java.util.Map;

/** {@link TaskCaller}: collects options, then submits through the {@link TaskSubmitter}. */
public final class TaskCallerImpl<R> implements TaskCaller<R> {
  private final TaskSubmitter manager;
  private final Job job;
  private final Invocation invocation;
  private final TaskOptions options = new TaskOptions();

  public TaskCallerImpl(TaskSubmitter manager, Job job, Invocation invocation) {
    this.manager = manager;
    this.job = job;
    this.invocation = invocation;
  }

  @Override
  public TaskCaller<R> setName(String name) {
    options.name = name;
    return this;
  }

  @Override
  public TaskCaller<R> setResource(String name, double quantity) {
    options.resource(name, quantity);
    return this;
  }

  @Override
  public TaskCaller<R> setResources(Map<String, Double> resources) {
    options.resources(resources);
    return this;
  }

  @Override
  public TaskCaller<R> setMaxRetries(int maxRetries) {
    options.maxRetries(maxRetries);
    return this;
  }

  @Override
  public TaskCaller<R> setRetryExceptions(boolean retry) {
    options.retryExceptions = retry;
    return this;
  }

  @Override
  public TaskCaller<R> setPlacementGroup(PlacementGroup group, int bundleIndex) {
    options.placementGroup(group, bundleIndex);
    return this;
  }

  @Override
  public TaskCaller<R> setSchedulingStrategy(SchedulingStrategy strategy) {
    options.strategy(strategy);
    return this;
  }

  @Override
  public ObjectRef<R> remote() {
    return manager.submit(job, invocation, options);
  }
}
