package io.fastimage.cli;

import io.fastimage.codec.BoundedInput;
import io.fastimage.codec.DecodeLimits;
import io.fastimage.codec.ImageRejectedException;
import io.fastimage.codec.OutputFormat;
import io.fastimage.image.OpenCv;
import io.fastimage.operator.OperatorRegistry;
import io.fastimage.operator.OperatorRegistry.OperatorEntry;
import io.fastimage.operator.exact.ReferenceOperators;
import io.fastimage.operator.neural.Devices;
import io.fastimage.operator.neural.ModelRepository;
import io.fastimage.operator.ImageOperator;
import io.fastimage.pipeline.OperatorChoice;
import io.fastimage.pipeline.Mode;
import io.fastimage.pipeline.ProcessedImage;
import io.fastimage.pipeline.ProcessingPipeline;
import io.fastimage.pipeline.WorkerPool;
import io.fastimage.training.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code apply}: one operator over many files, through the service's own pipeline (header limits →
 * decode → operator → encode, under the request timeout), with the API's options. Each input is
 * written to {@code --out} under its path relative to the folder it was found in, with the output
 * format's extension. A file that fails is reported and skipped; outputs that exist are skipped, so an
 * interrupted batch resumes where it stopped (outputs are written under a temporary name and renamed,
 * so a half-written file never counts as done).
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Apply an operator to image files and folders (recursively), writing the results to a folder. "
                + "Exit status 0 when every image was written or already there, 1 when some failed.")
final class ApplyCommand implements Callable<Integer> {

    private static final String IMAGE_EXTENSIONS = ".*\\.(png|jpe?g|webp|bmp|tiff?)";

    @Option(names = "--operator", required = true, description = "operator id, e.g. l0-smoothing")
    String operatorId;

    @Option(names = "--mode", defaultValue = "fast", description = "fast (the trained network) or exact (the exact operator); default ${DEFAULT-VALUE}")
    String modeWord;

    @Option(names = "--variant", description = "which network of the operator in fast mode (default: the operator's default)")
    String variant;

    @Option(names = "--ensemble", defaultValue = "1", description = "fast mode: average the network over 1, 2, 4 or 8 "
            + "flips and turns of each photo (geometric self-ensemble; each costs one more inference); default ${DEFAULT-VALUE}")
    int ensemble;

    @Option(names = "--format", defaultValue = "png", description = "png, jpeg or webp (default ${DEFAULT-VALUE})")
    String formatName;

    @Option(names = "--quality", description = "JPEG/WebP quality 1-100 (default 90, as the service)")
    Integer quality;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "operator parameter name=value, as in the API "
            + "(repeatable, each name once): in exact mode any, in fast mode those the variant takes, within its trained range")
    List<String> parameters = new ArrayList<>();

    @Option(names = "--out", required = true, description = "output folder (created if missing)")
    Path out;

    @Option(names = "--overwrite", description = "replace outputs that exist (default: skip them, which resumes a batch)")
    boolean overwrite;

    @Option(names = "--max-pixels", description = "largest width x height (default: the service's, ${DEFAULT-VALUE})")
    long maxPixels = DecodeLimits.DEFAULT_MAX_PIXELS;

    @Option(names = "--max-bytes", description = "largest input file in bytes (default: the service's, ${DEFAULT-VALUE})")
    long maxBytes = DecodeLimits.DEFAULT_MAX_BYTES;

    @Option(names = "--timeout", defaultValue = "120s", converter = DurationConverter.class,
            description = "time limit per image, as the service's request timeout (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Mixin
    ModelRepositoryOptions modelOptions;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "image files or folders")
    List<Path> inputs;

    /** One image to process: where it is read and where its result goes. */
    record Job(Path input, Path output) {
    }

    /** What a batch did. */
    record Summary(int written, int skipped, Map<Path, String> failures) {
    }

    @Override
    public Integer call() throws IOException {
        Mode mode = Mode.parse(modeWord).orElseThrow(() -> new IllegalArgumentException("--mode must be fast or exact"));
        OutputFormat format = OutputFormat.fromName(formatName)
                .orElseThrow(() -> new IllegalArgumentException("--format must be png, jpeg or webp"));
        int effectiveQuality = checkedQuality(format);
        requirePositive("--max-pixels", maxPixels);
        requirePositive("--max-bytes", maxBytes);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive, got " + timeout);
        }
        Map<String, String> parametersByName = CliSupport.parametersByName(parameters);
        List<Job> jobs = plan();
        OpenCv.ensureLoaded();
        OperatorRegistry registry = new OperatorRegistry(ReferenceOperators.all());
        OperatorEntry entry = registry.find(operatorId).orElseThrow(() -> new IllegalArgumentException(
                "unknown operator '" + operatorId + "'; known: " + String.join(", ", registry.ids())));
        if (mode == Mode.FAST) {
            modelOptions.requireKnownVariant(operatorId, variant);
        }
        OperatorChoice.requireEnsemble(mode, ensemble);
        // Exact mode loads no network: no engine start-up for a batch that does not need it.
        try (ModelRepository repository = mode == Mode.FAST
                ? modelOptions.load(Devices.select("auto"), Set.of(operatorId)) : null;
                WorkerPool workers = new WorkerPool(1, 1)) {
            if (repository != null) {
                registry.modelsLoaded(repository);
                entry = registry.find(operatorId).orElseThrow();
            }
            ImageOperator transform = OperatorChoice.forMode(entry, mode, variant, ensemble, parametersByName);
            ProcessingPipeline pipeline = new ProcessingPipeline(new DecodeLimits(maxBytes, maxPixels), workers, timeout);
            Summary summary = run(jobs, pipeline, transform, format, effectiveQuality, System.err);
            System.out.printf(Locale.ROOT, "%s %s: %d written, %d skipped (output exists), %d failed%n", operatorId,
                    mode.word(), summary.written(), summary.skipped(), summary.failures().size());
            summary.failures().forEach((file, reason) -> System.out.println("failed: " + file + ": " + reason));
            return summary.failures().isEmpty() ? 0 : 1;
        }
    }

    private int checkedQuality(OutputFormat format) {
        if (quality == null) {
            return 90;
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("--quality must be from 1 to 100");
        }
        if (!format.lossy()) {
            throw new IllegalArgumentException("--quality applies only to jpeg and webp output");
        }
        return quality;
    }

    /**
     * Every input file with its output path. Folders are walked in name order and only image file names
     * are taken from them; a file named directly is always tried. Two inputs that would write the same
     * output (photo.jpg and photo.png) are refused before anything runs.
     */
    List<Job> plan() throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out must be a folder; " + out + " is a file");
        }
        String extension = "." + OutputFormat.fromName(formatName).map(OutputFormat::extension).orElse("png");
        List<Job> jobs = new ArrayList<>();
        Map<Path, Path> claimed = new HashMap<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    for (Path file : walk.filter(Files::isRegularFile).filter(ApplyCommand::isImageName).sorted().toList()) {
                        jobs.add(new Job(file, out.resolve(withExtension(input.relativize(file), extension))));
                    }
                }
            } else if (Files.isRegularFile(input)) {
                jobs.add(new Job(input, out.resolve(withExtension(input.getFileName(), extension))));
            } else {
                throw new IllegalArgumentException("no such file or folder: " + input);
            }
        }
        for (Job job : jobs) {
            Path earlier = claimed.putIfAbsent(job.output().toAbsolutePath().normalize(), job.input());
            if (earlier != null) {
                throw new IllegalArgumentException(earlier + " and " + job.input() + " would both be written to "
                        + job.output() + "; apply them to different output folders");
            }
        }
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("no image files (.png, .jpg, .jpeg, .webp, .bmp, .tif, .tiff) in " + inputs);
        }
        return jobs;
    }

    private Summary run(List<Job> jobs, ProcessingPipeline pipeline, ImageOperator transform, OutputFormat format,
            int effectiveQuality, PrintStream progressOut) throws IOException {
        int written = 0;
        int skipped = 0;
        Map<Path, String> failures = new LinkedHashMap<>();
        List<Job> pending = new ArrayList<>();
        for (Job job : jobs) {
            if (!overwrite && Files.exists(job.output())) {
                skipped++;
            } else {
                pending.add(job);
            }
        }
        Progress progress = new Progress(progressOut, operatorId, pending.size());
        for (int i = 0; i < pending.size(); i++) {
            Job job = pending.get(i);
            try {
                byte[] body = read(job.input());
                ProcessedImage result = pipeline.process(body, transform, format, effectiveQuality);
                writeAtomically(job.output(), result.bytes());
                written++;
            } catch (IOException | RuntimeException e) {
                // One bad photo must not stop the batch: note why and go on.
                failures.put(job.input(), CliSupport.describe(e));
            }
            progress.report(i + 1, "images", job.input().getFileName().toString());
        }
        return new Summary(written, skipped, failures);
    }

    /** The file's bytes, refused at the byte limit as the service refuses an upload (a declared size first). */
    private byte[] read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_MANY_BYTES,
                    "the file has " + size + " bytes; the limit is " + maxBytes);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return BoundedInput.readAtMost(in, maxBytes);
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        // Not createTempFile: its owner-only permissions would carry over to the result.
        Path partial = folder.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        try {
            Files.write(partial, bytes);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Limits are checked with the other options, before any network loads. */
    private static void requirePositive(String option, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
    }

    /** {@code 120s}, {@code 5m}, {@code 1h}, {@code 500ms}, or ISO-8601 ({@code PT2M}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.trim());
            if (!m.matches()) {
                return Duration.parse(text.trim());
            }
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
    }

    private static boolean isImageName(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).matches(IMAGE_EXTENSIONS);
    }

    private static Path withExtension(Path relative, String extension) {
        String name = relative.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Path parent = relative.getParent();
        return parent == null ? Path.of(stem + extension) : parent.resolve(stem + extension);
    }
}
