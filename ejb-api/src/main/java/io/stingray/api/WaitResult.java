package io.stingray.api;

import java.util.List;

/**
 * The outcome of {@code RayContext.wait}: the refs that were ready and those that were not, each in
 * the order they were given.
 */
public record WaitResult<T>(List<ObjectRef<T>> ready, List<ObjectRef<T>> unready) {}
