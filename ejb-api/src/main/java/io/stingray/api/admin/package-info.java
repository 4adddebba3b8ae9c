/**
 * The state and admin SPI of a Stingray node: read views of the cluster (nodes, jobs, actors,
 * tasks, objects, placement groups, a summary), its health, and the console's two actions (kill an
 * actor, cancel a task). Inside an application server the resource adapter publishes its node's
 * {@link io.stingray.api.admin.ClusterAdmin} in JNDI under {@link
 * io.stingray.api.admin.ClusterAdmin#JNDI_NAME} while the node runs; outside one, {@code
 * RayNode.admin()} returns it. The admin console and the health checks use nothing else of the
 * runtime.
 */
package io.stingray.api.admin;
