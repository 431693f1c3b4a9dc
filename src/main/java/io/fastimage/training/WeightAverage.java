package io.fastimage.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.fastimage.model.GradMode;
import io.fastimage.model.NetworkBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of a network's trainable parameters, {@code a ← d·a + (1 − d)·w} after every
 * step, starting from the weights a run starts with (Polyak averaging in its exponential form; BasicSR's
 * {@code ema_decay}, PyTorch's {@code AveragedModel} with an EMA function). Fine-tuning a good network at a small
 * learning rate wanders around its minimum from step to step; the average over the last {@code 1/(1 − d)} steps
 * lies nearer the centre than the step it happens to be validated at. Stored statistics (running means and
 * variances) are not averaged: frozen ({@code --frozen-statistics}) they fit the average as they fit every step;
 * otherwise they follow the activations of the recent steps' weights, which the average lags behind.
 */
final class WeightAverage implements AutoCloseable {

    private final float decay;
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<NDArray> averages = new ArrayList<>();
    private final NDManager manager;

    /**
     * @param decay {@code d} in (0, 1): the weight of the average so far at each step (0.999 averages over about
     *              the last thousand steps)
     * @throws IllegalArgumentException when {@code decay} is outside (0, 1)
     */
    WeightAverage(NetworkBlock network, float decay, NDManager parent) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("the weights' average needs a decay in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.manager = parent.newSubManager();
        withoutGraph(() -> {
            for (Parameter parameter : network.namedParameters().values()) {
                if (parameter.requiresGradient()) {
                    parameters.add(parameter);
                    averages.add(copyOn(manager, parameter.getArray()));
                }
            }
        });
    }

    /**
     * @throws IllegalArgumentException unless {@code decay} lies in (0, 1) or is {@link NetworkTraining.Schedule#NO_AVERAGE}
     */
    static void requireDecay(float decay) {
        if (decay != NetworkTraining.Schedule.NO_AVERAGE && !(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("the weights' average needs a decay in (0, 1), or 0 for none, got " + decay);
        }
    }

    /** Moves the average towards the network's current weights: call after every optimizer step. */
    void update() {
        withoutGraph(() -> {
            for (int i = 0; i < parameters.size(); i++) {
                try (NDArray share = parameters.get(i).getArray().mul(1 - decay)) {
                    averages.get(i).muli(decay).addi(share);
                }
            }
        });
    }

    /**
     * Puts the average into the network's parameters until the returned handle is closed, which puts the trained
     * weights back (training goes on from them, not from the average).
     */
    Swap swappedIn() {
        List<NDArray> trained = new ArrayList<>();
        withoutGraph(() -> {
            for (int i = 0; i < parameters.size(); i++) {
                NDArray weights = parameters.get(i).getArray();
                trained.add(copyOn(manager, weights));
                averages.get(i).copyTo(weights);
            }
        });
        return () -> withoutGraph(() -> {
            for (int i = 0; i < parameters.size(); i++) {
                trained.get(i).copyTo(parameters.get(i).getArray());
                trained.get(i).close();
            }
        });
    }

    /** Restores the trained weights; closing never fails. */
    @FunctionalInterface
    interface Swap extends AutoCloseable {
        @Override
        void close();
    }

    private static NDArray copyOn(NDManager manager, NDArray array) {
        NDArray copy = array.duplicate();
        copy.attach(manager);
        return copy;
    }

    private static void withoutGraph(Runnable work) {
        try {
            GradMode.disabledDuring(() -> {
                work.run();
                return null;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
