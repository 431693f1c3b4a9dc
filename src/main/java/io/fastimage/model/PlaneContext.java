package io.fastimage.model;

import java.util.Map;
import java.util.Objects;

/**
 * What a network's extra input planes ({@link InputPlanes}) depend on in one run: where the image given to
 * the network lies in the whole image ({@code originX}, {@code originY}: a tile's or a training crop's
 * top-left corner, 0 for a whole image), the operator parameters by name, and the task of a multi-task
 * network (an operator id).
 */
public record PlaneContext(int originX, int originY, Map<String, Double> parameters, String task) {

    public PlaneContext {
        parameters = Map.copyOf(parameters);
        Objects.requireNonNull(task, "task");
    }

    /** A whole image (origin 0, 0) with these parameters, for {@code task}. */
    public static PlaneContext whole(Map<String, Double> parameters, String task) {
        return new PlaneContext(0, 0, parameters, task);
    }

    /** The same run for a region whose top-left corner lies at ({@code x}, {@code y}) of this one's image. */
    public PlaneContext shifted(int x, int y) {
        return new PlaneContext(originX + x, originY + y, parameters, task);
    }
}
