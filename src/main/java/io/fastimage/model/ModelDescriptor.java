package io.fastimage.model;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The parsed {@code model.json} of a model directory: which operator the network approximates, its
 * network (the {@code architecture} section, read by that network's {@link NetworkKind}), how pixels go in
 * and out, where its weights are and where they came from. {@link ModelDescriptorJson} reads and writes it;
 * the format is documented in {@code models/README.md}.
 */
public record ModelDescriptor(int formatVersion, String operatorId, NetworkSpec network, ChannelOrder channelOrder,
                              OutputQuantization outputQuantization, WeightsFile weights, Provenance provenance,
                              List<AccuracyMeasurement> accuracy) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "model.json";
    /** Operator ids, which also name model directories: lower-case words joined by '-'. */
    private static final Pattern OPERATOR_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public ModelDescriptor {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported format version " + formatVersion);
        }
        if (!isWellFormedOperatorId(operatorId)) {
            throw new IllegalArgumentException("operator id must be lower-case words joined by '-': " + operatorId);
        }
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(channelOrder, "channelOrder");
        Objects.requireNonNull(outputQuantization, "outputQuantization");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(provenance, "provenance");
        accuracy = List.copyOf(accuracy);
    }

    /** Whether {@code id} is lower-case words joined by '-', at most 64 characters. */
    public static boolean isWellFormedOperatorId(String id) {
        return id != null && id.length() <= 64 && OPERATOR_ID.matcher(id).matches();
    }

    /** This descriptor with another network of the same weights (e.g. the CAN with other statistics). */
    public ModelDescriptor withNetwork(NetworkSpec other) {
        return new ModelDescriptor(formatVersion, operatorId, other, channelOrder, outputQuantization, weights,
                provenance, accuracy);
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
