package io.stingray.raylet.task;

import io.stingray.api.ObjectRef;
import io.stingray.api.PlacementGroup;
import io.stingray.api.SchedulingStrategy;
import io.stingray.api.VoidTaskCaller;
import io.stingray.api.spi.Invocation;
import io.stingray.raylet.context.Job;
import java.util.Map;

/** {@link VoidTaskCaller}: the same options as {@link TaskCallerImpl}, for void functions. */
public final class VoidTaskCallerImpl implements VoidTaskCaller {
  private final TaskCallerImpl<Void> caller;

  public VoidTaskCallerImpl(TaskSubmitter manager, Job job, Invocation invocation) {
    this.caller = new TaskCallerImpl<>(manager, job, invocation);
  }

  @Override
  public VoidTaskCaller setName(String name) {
    caller.setName(name);
    return this;
  }

  @Override
  public VoidTaskCaller setResource(String name, double quantity) {
    caller.setResource(name, quantity);
    return this;
  }

  @Override
  public VoidTaskCaller setResources(Map<String, Double> resources) {
    caller.setResources(resources);
    return this;
  }

  @Override
  public VoidTaskCaller setMaxRetries(int maxRetries) {
    caller.setMaxRetries(maxRetries);
    return this;
  }

  @Override
  public VoidTaskCaller setRetryExceptions(boolean retry) {
    caller.setRetryExceptions(retry);
    return this;
  }

  @Override
  public VoidTaskCaller setPlacementGroup(PlacementGroup group, int bundleIndex) {
    caller.setPlacementGroup(group, bundleIndex);
    return this;
  }

  @Override
  public VoidTaskCaller setSchedulingStrategy(SchedulingStrategy strategy) {
    caller.setSchedulingStrategy(strategy);
    return this;
  }

  @Override
  public ObjectRef<Void> remote() {
    return caller.remote();
  }
}
