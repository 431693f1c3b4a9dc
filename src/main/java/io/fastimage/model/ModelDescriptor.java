package io.fastimage.model;

import io.fastimage.operator.OperatorInfo;
import java.util.List;
import java.util.Objects;

/**
 * The parsed {@code model.json} of a model directory: which operator the network approximates, its
 * architecture, how it normalizes, how pixels go in and out, where its weights are and where they
 * came from. {@link ModelDescriptorJson} reads and writes it; the format is documented in
 * {@code models/README.md}.
 */
public record ModelDescriptor(int formatVersion, String operatorId, CanArchitecture architecture,
                              NormalizationStatistics normalizationStatistics, ChannelOrder channelOrder,
                              OutputQuantization outputQuantization, WeightsFile weights, Provenance provenance,
                              List<AccuracyMeasurement> accuracy) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "model.json";

    public ModelDescriptor {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported format version " + formatVersion);
        }
        if (!OperatorInfo.isWellFormedId(operatorId)) {
            throw new IllegalArgumentException("operator id must be lower-case words joined by '-': " + operatorId);
        }
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(normalizationStatistics, "normalizationStatistics");
        Objects.requireNonNull(channelOrder, "channelOrder");
        Objects.requireNonNull(outputQuantization, "outputQuantization");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(provenance, "provenance");
        accuracy = List.copyOf(accuracy);
    }

    /** This descriptor with another normalization statistics mode (the weights fit either mode). */
    public ModelDescriptor withNormalizationStatistics(NormalizationStatistics statistics) {
        return new ModelDescriptor(formatVersion, operatorId, architecture, statistics, channelOrder, outputQuantization,
                weights, provenance, accuracy);
    }

    /** The weights file, relative to the model directory, and its SHA-256 for integrity. */
    public record WeightsFile(String file, String format, String sha256) {
        public static final String SAFETENSORS = "safetensors";

        public WeightsFile {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /**
     * Where the weights came from. {@code iterations} is null when unknown (imported checkpoints), else the
     * steps this project trained, counted from {@code origin} when there is one; {@code date} is an ISO-8601
     * date or instant; {@code origin} is the released network the weights started from, or null when they
     * started from scratch.
     */
    public record Provenance(String source, String data, Long iterations, String date, String command, Origin origin) {
        public Provenance {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(command, "command");
        }

        /** Weights trained from scratch. */
        public Provenance(String source, String data, Long iterations, String date, String command) {
            this(source, data, iterations, date, command, null);
        }
    }

    /**
     * A third party's released network that weights derive from: where it was published (repository and
     * path), the exact revision, its licence and whom to credit. Shipped derivatives must show all four.
     */
    public record Origin(String source, String commit, String licence, String attribution) {
        public Origin {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(commit, "commit");
            Objects.requireNonNull(licence, "licence");
            Objects.requireNonNull(attribution, "attribution");
        }
    }

    /** One measured accuracy figure, e.g. {@code psnr-db} 33.2 against the reference on named images. */
    public record AccuracyMeasurement(String metric, double value, String images) {
        public AccuracyMeasurement {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(images, "images");
        }
    }
}
