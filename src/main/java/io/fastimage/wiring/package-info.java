/**
 * The service's composition root: Spring configuration that builds the plain Java core (registry, device,
 * worker pool, pipeline) from {@code FastImageProperties}, and the start-up step that loads the models.
 *
 * <p>Layer: directly below the entry point, above {@code web} (whose configuration record it reads) and the
 * core; nothing imports it.
 */
package io.fastimage.wiring;
