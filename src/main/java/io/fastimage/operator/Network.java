package io.fastimage.operator;

import io.fastimage.model.ModelDescriptor;

/** A trained network imitating one operator: an {@link ImageOperator} with the model.json it was loaded from. */
public interface Network extends ImageOperator {

    /** What the network's model directory declares: its kind, conventions, weights and provenance. */
    ModelDescriptor descriptor();
}
