package io.fastimage.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.fastimage.image.ImageMetrics;
import io.fastimage.image.OpenCv;
import io.fastimage.image.Resampling;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.InputPlane;
import io.fastimage.model.can.CanKind;
import io.fastimage.model.guided.GuidedFilterKind;
import io.fastimage.operator.Network;
import io.fastimage.operator.NetworkVariants;
import io.fastimage.operator.OperatorRegistry;
import io.fastimage.operator.OperatorRegistry.OperatorEntry;
import io.fastimage.operator.ParameterSpec;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.operator.SelfEnsemble;
import io.fastimage.operator.exact.ConjugateGradientSolver;
import io.fastimage.operator.exact.ReferenceOperators;
import io.fastimage.operator.neural.Devices;
import io.fastimage.operator.neural.ModelRepository;
import io.fastimage.operator.neural.NativeSetup;
import io.fastimage.operator.neural.TaskNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench}: for each operator, on one photo scaled to several sizes, the time of the exact
 * operator and of each of its networks (every variant: the full-resolution CAN, the guided filter network) in
 * the same process, their ratios, each network's PSNR against the exact result, its throughput next to the
 * machine's measured matmul peak, the solver's iteration counts, geometric means and the peak RSS.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark reference operators and every network variant on one photo at several sizes (medians after "
                + "warm-up; PSNR of each network against the exact result).")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--image", defaultValue = "../shared/conformance/l0-smoothing-can24/input/000001.png",
            description = "photo to scale to each size (default ${DEFAULT-VALUE})")
    Path image;

    @Option(names = "--sizes", split = ",", defaultValue = "1", description = "sizes in megapixels (default ${DEFAULT-VALUE})")
    double[] megapixels;

    @Option(names = "--operators", split = ",", description = "operator ids (default: all)")
    List<String> operators;

    @Option(names = "--repeats", defaultValue = "3", description = "timed runs per measurement; the median is reported")
    int repeats;

    @Mixin
    ModelRepositoryOptions modelOptions;

    @Option(names = "--no-reference", description = "time only the networks")
    boolean skipReference;

    @Option(names = "--ensemble", defaultValue = "1", description = "time every network as a self-ensemble of 1, 2, 4 "
            + "or 8 flips and turns (as the API's ensemble; networks with a position-dependent plane are left out); "
            + "default ${DEFAULT-VALUE}")
    int ensemble;

    /** The network kinds whose speeds {@code bench} compares with each other. */
    private static final String CAN_TYPE = CanKind.TYPE;
    private static final String GUIDED_TYPE = GuidedFilterKind.TYPE;

    /** The largest --sizes value: beyond it the exact operators' float planes alone outgrow a usual heap. */
    static final double MAX_MEGAPIXELS = 100;

    @Override
    public Integer call() throws IOException {
        for (double mp : megapixels) {
            if (!(mp > 0 && mp <= MAX_MEGAPIXELS)) {
                throw new IllegalArgumentException("--sizes takes megapixels above 0 and at most "
                        + ParameterSpec.format(MAX_MEGAPIXELS) + ", got " + ParameterSpec.format(mp));
            }
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be at least 1, got " + repeats);
        }
        if (operators != null) {
            operators.forEach(CliSupport::referenceOperator); // an unknown id fails here, naming the known ones
        }
        SelfEnsemble.requireSize(ensemble);
        OpenCv.ensureLoaded();
        OperatorRegistry registry = new OperatorRegistry(ReferenceOperators.all());
        Device device = Devices.select("auto");
        Rgb8Image photo = CliSupport.decode(image).rgb();
        // Speed-ups over the exact operator by size and network kind, and of the guided filter over the CAN.
        Map<String, List<Double>> speedUps = new TreeMap<>();
        // Only the benchmarked operators' networks are loaded: their memory is what the peak RSS then counts.
        try (ModelRepository repository = modelOptions.load(device, operators == null ? registry.ids() : Set.copyOf(operators))) {
            registry.modelsLoaded(repository);
            double peak = matmulPeakGflops(device);
            System.out.printf(Locale.ROOT, "device %s, %d cores, float32 matmul peak %.1f GFLOP/s, %d repeats (median)%s%n%s%n%n",
                    device, Runtime.getRuntime().availableProcessors(), peak, repeats,
                    ensemble > 1 ? ", networks as self-ensembles of " + ensemble : "", NativeSetup.configure().describe());
            System.out.println("| operator | MP | reference s | PCG solves / iterations (max) | variant (kind) | network s "
                    + "| speed-up | PSNR vs exact dB | network MP/s | GFLOP/s | % of peak |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            for (OperatorEntry entry : registry.all()) {
                if (operators != null && !operators.contains(entry.info().id())) {
                    continue;
                }
                for (double mp : megapixels) {
                    rows(entry, Resampling.toMegapixels(photo, mp), peak, speedUps).forEach(System.out::println);
                }
            }
        }
        System.out.println();
        speedUps.forEach((key, ratios) -> System.out.printf(Locale.ROOT, "geometric mean %s: %.1f× over %d operators%n",
                key, Math.exp(ratios.stream().mapToDouble(Math::log).average().orElse(Double.NaN)), ratios.size()));
        System.out.printf(Locale.ROOT, "peak RSS %.0f MB%n", peakRssMegabytes());
        return 0;
    }

    /**
     * One row per loaded network variant of {@code entry} on {@code input}: the exact operator's time (run once per
     * size, its result the reference for PSNR), the network's time, speed-up and PSNR against the exact result.
     */
    private List<String> rows(OperatorEntry entry, Rgb8Image input, double peak, Map<String, List<Double>> speedUps) {
        double mp = input.pixelCount() / 1e6;
        String size = String.format(Locale.ROOT, "%.2f MP", mp);
        String referenceSeconds = "-";
        String solver = "-";
        double reference = Double.NaN;
        Rgb8Image exact = null;
        if (!skipReference) {
            ReferenceOperator operator = entry.reference();
            ConjugateGradientSolver.resetStatistics();
            Rgb8Image[] result = new Rgb8Image[1];
            reference = median(() -> result[0] = operator.apply(input), false);
            exact = result[0];
            ConjugateGradientSolver.Statistics stats = ConjugateGradientSolver.statistics();
            referenceSeconds = format(reference);
            if (stats.solves() > 0) {
                int runs = repeats;
                solver = (stats.solves() / runs) + " / " + (stats.iterations() / runs) + " (" + stats.maxIterations() + ")";
            }
        }
        List<String> rows = new ArrayList<>();
        Map<String, Double> secondsByKind = new TreeMap<>();
        for (NetworkVariants.Variant variant : entry.networks().variants().values()) {
            if (variant.network() == null || !SelfEnsemble.sizes(variant.network()).contains(ensemble)) {
                continue;
            }
            Network model = SelfEnsemble.of(variant.network(), ensemble);
            String kind = kindLabel(variant.network());
            Rgb8Image[] output = new Rgb8Image[1];
            double seconds = median(() -> output[0] = model.apply(input), true);
            secondsByKind.putIfAbsent(kind, seconds);
            double flops = 2.0 * ensemble * model.descriptor().network().multiplyAdds(input.width(), input.height());
            String ratio = "-";
            String psnr = "-";
            if (exact != null) {
                ratio = String.format(Locale.ROOT, "%.1f×", reference / seconds);
                psnr = String.format(Locale.ROOT, "%.2f", ImageMetrics.psnr(output[0], exact));
                speedUps.computeIfAbsent("speed-up of " + kind + " over the exact operator at " + size,
                        k -> new ArrayList<>()).add(reference / seconds);
            }
            rows.add(String.format(Locale.ROOT, "| %s | %.2f | %s | %s | %s (%s) | %s | %s | %s | %.2f | %.1f | %.0f%% |",
                    entry.info().id(), mp, referenceSeconds, solver, variant.name(), kind, format(seconds), ratio, psnr,
                    mp / seconds, flops / seconds / 1e9, 100 * flops / seconds / 1e9 / peak));
        }
        Double can = secondsByKind.get(CAN_TYPE);
        Double guided = secondsByKind.get(GUIDED_TYPE);
        if (can != null && guided != null) {
            speedUps.computeIfAbsent("speed-up of " + GUIDED_TYPE + " over " + CAN_TYPE + " at " + size,
                    k -> new ArrayList<>()).add(can / guided);
        }
        if (rows.isEmpty()) {
            rows.add(String.format(Locale.ROOT, "| %s | %.2f | %s | %s | - | - | - | - | - | - | - |", entry.info().id(), mp,
                    referenceSeconds, solver));
        }
        return rows;
    }

    /**
     * The network's kind, told apart from the operator's dedicated network of that kind when it is shared by several
     * operators (multi-task, served with this operator's task plane on), takes task planes held constant (one
     * operator's network started from a multi-task import, like L0's {@code can32} or photographic style's
     * {@code can32}) or parameter planes: the guided filter is compared with the dedicated CAN, not with these.
     */
    private static String kindLabel(Network model) {
        List<InputPlane> planes = model.descriptor().network().inputs().extra();
        String type = model.descriptor().network().type();
        if (model instanceof TaskNetwork) {
            return type + ", multi-task";
        }
        long taskPlanes = planes.stream().filter(plane -> plane instanceof InputPlane.Task).count();
        if (taskPlanes > 0) {
            return type + (taskPlanes > 1 ? ", task planes" : ", task plane");
        }
        return planes.stream().anyMatch(plane -> plane instanceof InputPlane.Parameter) ? type + ", parameterized" : type;
    }

    private double median(Supplier<?> work, boolean warmUp) {
        if (warmUp) {
            work.get();
        }
        double[] seconds = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            work.get();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        return seconds[repeats / 2];
    }

    /** The machine's float32 peak as PyTorch reaches it: a 2048² matmul, best of several. */
    private static double matmulPeakGflops(Device device) {
        int n = 2048;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray a = manager.randomUniform(0, 1, new Shape(n, n));
            NDArray b = manager.randomUniform(0, 1, new Shape(n, n));
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            return 2.0 * n * n * (double) n / best / 1e9;
        }
    }

    private static double peakRssMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return Double.NaN;
    }

    private static String format(double seconds) {
        return String.format(Locale.ROOT, seconds < 10 ? "%.3f" : "%.1f", seconds);
    }
}
