package io.fastimage.operator.neural;

import io.fastimage.image.Rgb8Image;
import io.fastimage.model.InputPlane;
import io.fastimage.model.InvalidModelException;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDescriptor.AccuracyMeasurement;
import io.fastimage.operator.Implementation;
import io.fastimage.operator.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One operator's view of a multi-task network shared between operators ({@code models/shared/<name>/}): the
 * same loaded weights and predictors for every operator, run with this operator's one-hot task plane on.
 * Its card is the shared card for this operator: its accuracy entries measured on this task (those whose
 * {@code images} end with {@link InputPlane.Task#accuracySuffix}, the suffix dropped) and those of no particular task.
 */
public final class TaskNetwork implements Network {

    private final NeuralModel shared;
    private final String task;
    private final ModelDescriptor descriptor;

    /**
     * @throws InvalidModelException when the shared network has no task plane for {@code task}
     */
    TaskNetwork(NeuralModel shared, String task) throws InvalidModelException {
        boolean hasTask = shared.descriptor().network().inputs().extra().stream()
                .anyMatch(plane -> plane instanceof InputPlane.Task t && t.task().equals(task));
        if (!hasTask) {
            throw new InvalidModelException("shared network " + shared.descriptor().operatorId() + " has no task plane for "
                    + task + " (inputs " + shared.descriptor().network().inputs().summary() + ")");
        }
        this.shared = shared;
        this.task = task;
        ModelDescriptor d = shared.descriptor();
        this.descriptor = new ModelDescriptor(d.formatVersion(), task, d.network(), d.channelOrder(),
                d.outputQuantization(), d.weights(), d.provenance(), accuracyFor(d.accuracy(), task));
    }

    private static List<AccuracyMeasurement> accuracyFor(List<AccuracyMeasurement> all, String task) {
        String suffix = InputPlane.Task.accuracySuffix(task);
        List<AccuracyMeasurement> mine = new ArrayList<>();
        for (AccuracyMeasurement m : all) {
            if (m.images().endsWith(suffix)) {
                mine.add(new AccuracyMeasurement(m.metric(), m.value(),
                        m.images().substring(0, m.images().length() - suffix.length())));
            } else if (!m.images().contains(" [task ")) {
                mine.add(m);
            }
        }
        return mine;
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Rgb8Image apply(Rgb8Image input, Map<String, Double> parameters) {
        return shared.apply(input, parameters, task);
    }

    @Override
    public Implementation implementation() {
        return shared.implementation();
    }
}
