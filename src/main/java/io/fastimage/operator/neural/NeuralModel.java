package io.fastimage.operator.neural;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.GradMode;
import io.fastimage.model.InvalidModelException;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDirectory;
import io.fastimage.model.NetworkBlock;
import io.fastimage.model.PlaneContext;
import io.fastimage.operator.Cancellation;
import io.fastimage.operator.Network;
import io.fastimage.operator.Implementation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * One loaded network with a fixed pool of predictors. {@link #apply} may be called from any number of
 * threads: each call borrows one predictor (waiting if all are busy), so a predictor is never used by
 * two threads at once, and runs with autograd recording off on the calling thread.
 */
public final class NeuralModel implements Network, AutoCloseable {

    /** Side of the image of the warm-up inference run at load time. */
    static final int WARM_UP_SIZE = 32;

    private final ModelDescriptor descriptor;
    private final Model model;
    private final NetworkBlock network;
    private final List<Predictor<NetworkInput, Rgb8Image>> predictors;
    private final BlockingQueue<Predictor<NetworkInput, Rgb8Image>> idle;
    private final Tiling tiling;

    private NeuralModel(ModelDescriptor descriptor, Model model, NetworkBlock network,
                        List<Predictor<NetworkInput, Rgb8Image>> predictors, Tiling tiling) {
        this.descriptor = descriptor;
        this.model = model;
        this.network = network;
        this.tiling = tiling;
        this.predictors = List.copyOf(predictors);
        this.idle = new ArrayBlockingQueue<>(predictors.size(), false, predictors);
    }

    /**
     * Loads the model in {@code directory} onto {@code device} and runs one warm-up inference; images of
     * more than {@code tilePixels} pixels will run in tiles.
     */
    static NeuralModel load(Path directory, ModelDescriptor descriptor, Device device, int predictorCount,
                            long tilePixels) throws InvalidModelException {
        if (predictorCount < 1) {
            throw new IllegalArgumentException("need at least one predictor, got " + predictorCount);
        }
        Tiling tiling = Tiling.of(tilePixels, descriptor.network());
        Model model = Model.newInstance(descriptor.operatorId(), device);
        try {
            NetworkBlock network = ModelDirectory.loadNetwork(directory, descriptor, model.getNDManager());
            network.freezeParameters(true);
            model.setBlock(network);
            NoBatchifyTranslator<NetworkInput, Rgb8Image> translator = translator(network, descriptor);
            List<Predictor<NetworkInput, Rgb8Image>> predictors = new ArrayList<>();
            for (int i = 0; i < predictorCount; i++) {
                predictors.add(model.newPredictor(translator, device));
            }
            NeuralModel loaded = new NeuralModel(descriptor, model, network, predictors, tiling);
            loaded.apply(new Rgb8Image(WARM_UP_SIZE, WARM_UP_SIZE, new byte[3 * WARM_UP_SIZE * WARM_UP_SIZE]));
            return loaded;
        } catch (InvalidModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static NoBatchifyTranslator<NetworkInput, Rgb8Image> translator(NetworkBlock network,
                                                                          ModelDescriptor descriptor) {
        return network.servingTranslator(descriptor.channelOrder(), descriptor.outputQuantization(),
                        Cancellation::checkpoint)
                .<NoBatchifyTranslator<NetworkInput, Rgb8Image>>map(ImageOnly::new)
                .orElseGet(() -> new ImageTensorTranslator(descriptor.channelOrder(), descriptor.outputQuantization(),
                        descriptor.network().inputs()));
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** This network's summary and version: the first 12 hex digits of its weights' SHA-256. */
    @Override
    public Implementation implementation() {
        return Implementation.network(descriptor.network().summary(),
                "sha256:" + descriptor.weights().sha256().substring(0, 12));
    }

    /**
     * Runs the network on {@code input}; the result has the same width and height. Images above the tile
     * budget run tile by tile (see {@link Tiling}); each tile borrows a predictor on its own and gets its
     * extra input planes at its own offset. A network that normalizes per image runs such an image's tiles with
     * the statistics of the whole image's {@link Tiling#overview}, so that they meet without seams. The task
     * plane of a multi-task network that is on is this model's operator's.
     *
     * @param parameters values of the network's parameter planes by name (absent ones at their defaults)
     * @throws IllegalArgumentException for a parameter the network does not take or a value outside its range
     */
    @Override
    public Rgb8Image apply(Rgb8Image input, Map<String, Double> parameters) {
        return apply(input, parameters, descriptor.operatorId());
    }

    /**
     * As {@link #apply(Rgb8Image, Map)} with the task plane of {@code task} on (a multi-task network shared by
     * several operators runs each operator's task).
     */
    Rgb8Image apply(Rgb8Image input, Map<String, Double> parameters, String task) {
        for (Map.Entry<String, Double> parameter : parameters.entrySet()) {
            descriptor.network().inputs().parameter(parameter.getKey())
                    .orElseThrow(() -> new IllegalArgumentException("network '" + descriptor.operatorId()
                            + "' takes no parameter '" + parameter.getKey() + "'"))
                    .plane(parameter.getValue());
        }
        PlaneContext context = PlaneContext.whole(parameters, task);
        if (descriptor.network().normalizesPerImage() && tiling.needsTiles(input)) {
            return applyWithOverviewStatistics(input, context);
        }
        return tiling.apply(input, (region, x, y) -> {
            Predictor<NetworkInput, Rgb8Image> predictor = borrow();
            try {
                return predict(predictor, new NetworkInput(region, context.shifted(x, y)));
            } finally {
                idle.add(predictor);
            }
        });
    }

    /**
     * The tiles of a per-image network run on a copy whose statistics are fixed to the overview's: a model of
     * the request's own (its parameters are a few kilobytes), with one predictor; the borrowed pool predictor
     * stands for it, so the pool still bounds how many inferences run at once.
     */
    private Rgb8Image applyWithOverviewStatistics(Rgb8Image input, PlaneContext context) {
        Predictor<NetworkInput, Rgb8Image> place = borrow();
        Device device = model.getNDManager().getDevice();
        try (Model fixed = Model.newInstance(descriptor.operatorId(), device)) {
            Rgb8Image overview = tiling.overview(input);
            int margin = descriptor.network().symmetricPadding();
            NetworkBlock copy = inferring(overview, () -> network.withStatisticsOf(overview,
                    descriptor.channelOrder(), context.shifted(-margin, -margin), fixed.getNDManager())).orElseThrow(() ->
                    new IllegalStateException(descriptor.network().summary() + " normalizes per image but has no "
                            + "copy with fixed statistics"));
            copy.freezeParameters(true);
            fixed.setBlock(copy);
            try (Predictor<NetworkInput, Rgb8Image> predictor = fixed.newPredictor(translator(copy, descriptor), device)) {
                return tiling.apply(input, (region, x, y) ->
                        predict(predictor, new NetworkInput(region, context.shifted(x, y))));
            }
        } finally {
            idle.add(place);
        }
    }

    private Predictor<NetworkInput, Rgb8Image> borrow() {
        Cancellation.checkpoint();
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a free predictor");
        }
    }

    private Rgb8Image predict(Predictor<NetworkInput, Rgb8Image> predictor, NetworkInput input) {
        return inferring(input.image(), () -> predictor.predict(input));
    }

    /** {@code work} on {@code image} without autograd, its failures as this network's. */
    private <T> T inferring(Rgb8Image image, Callable<T> work) {
        Cancellation.checkpoint();
        try {
            return GradMode.disabledDuring(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // DJL wraps whatever a translator throws: a cancelled request must still read as cancelled.
            if (e.getCause() instanceof CancellationException cancelled) {
                throw cancelled;
            }
            throw new ModelInferenceException("network '" + descriptor.operatorId() + "' failed on a "
                    + image.width() + "x" + image.height() + " image: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictors.forEach(Predictor::close);
        model.close();
    }

    /** A kind's own serving path: it sees the image alone (such kinds take no extra input planes). */
    private record ImageOnly(NoBatchifyTranslator<Rgb8Image, Rgb8Image> translator)
            implements NoBatchifyTranslator<NetworkInput, Rgb8Image> {

        @Override
        public void prepare(TranslatorContext context) throws Exception {
            translator.prepare(context);
        }

        @Override
        public NDList processInput(TranslatorContext context, NetworkInput input) throws Exception {
            return translator.processInput(context, input.image());
        }

        @Override
        public Rgb8Image processOutput(TranslatorContext context, NDList output) throws Exception {
            return translator.processOutput(context, output);
        }
    }
}
