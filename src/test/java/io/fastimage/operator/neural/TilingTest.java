package io.fastimage.operator.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.fastimage.ConformanceKit;
import io.fastimage.image.ImageMetrics;
import io.fastimage.image.Resampling;
import io.fastimage.image.Rgb8Image;
import io.fastimage.operator.Network;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.image.PencilTexture;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.InputPlane;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.can.ContextAggregationNetwork;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDirectory;
import io.fastimage.model.NetworkBlock;
import io.fastimage.model.PlaneContext;
import io.fastimage.model.can.NormalizationStatistics;
import io.fastimage.model.OutputQuantization;
import io.fastimage.model.can.TfCheckpointImporter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TilingTest {

    /** CAN24 needs 128 px of halo: 400×400 tiles keep 144×144 cores, so a 700×500 image takes 20 tiles. */
    private static final long SMALL_TILES = 400 * 400;

    @Test
    void coresPartitionTheImageAndTilesStayWithinBudget() {
        Tiling tiling = new Tiling(SMALL_TILES, 128, 0);
        int width = 700;
        int height = 500;
        int[] covered = new int[width * height];
        List<Tiling.Tile> tiles = tiling.plan(width, height);
        for (Tiling.Tile tile : tiles) {
            assertThat((long) tile.width() * tile.height()).isLessThanOrEqualTo(SMALL_TILES);
            assertThat(tile.coreX() - tile.x()).isEqualTo(Math.min(128, tile.coreX()));
            assertThat(tile.x() + tile.width()).isEqualTo(Math.min(width, tile.coreX() + tile.coreWidth() + 128));
            for (int y = tile.coreY(); y < tile.coreY() + tile.coreHeight(); y++) {
                for (int x = tile.coreX(); x < tile.coreX() + tile.coreWidth(); x++) {
                    covered[y * width + x]++;
                }
            }
        }
        assertThat(tiles).hasSize(20);
        assertThat(covered).containsOnly(1);
    }

    /** The overview fits the budget with its margin, keeps the aspect ratio, and keeps a thin strip's rows. */
    @Test
    void theOverviewFitsTheBudgetWithItsMargin() {
        Tiling tiling = new Tiling(SMALL_TILES, 128, 8);
        Rgb8Image wide = texturedImage(1400, 1000);
        Rgb8Image overview = tiling.overview(wide);
        assertThat((long) overview.width() * overview.height()).isLessThanOrEqualTo(SMALL_TILES)
                .isGreaterThan(SMALL_TILES * 98 / 100);
        assertThat((double) (overview.width() - 16) / (overview.height() - 16)).isCloseTo(1.4, within(0.01));
        // The margin is the shrunk image mirrored: its column 7 is the shrunk image's column 0 (at 8).
        assertThat(overview.crop(7, 8, 1, overview.height() - 16)).isEqualTo(overview.crop(8, 8, 1, overview.height() - 16));

        Rgb8Image strip = tiling.overview(new Rgb8Image(100_000, 3, new byte[3 * 100_000 * 3]));
        assertThat(strip.height()).isEqualTo(3 + 16);
        assertThat((long) strip.width() * strip.height()).isLessThanOrEqualTo(SMALL_TILES);

        Rgb8Image small = texturedImage(100, 80);
        assertThat(tiling.overview(small)).isEqualTo(small.cropMirrored(-8, -8, 116, 96));
    }

    @Test
    void aBudgetTooSmallForTheMarginIsRefused() {
        assertThatThrownBy(() -> new Tiling(4096, 0, 40)).hasMessageContaining("margin of 40 px");
    }

    @Test
    void aBudgetTooSmallForTheHaloIsRefused() {
        assertThatThrownBy(() -> new Tiling(300 * 300, 128, 0)).hasMessageContaining("320 px square");
    }

    @Test
    void runningStatisticsModelGivesTheSameResultTiledAndWhole(@TempDir Path root) throws Exception {
        writeRunningModel(root, "l0-smoothing");
        Rgb8Image image = texturedImage(700, 500);

        Rgb8Image whole = applied(root, "l0-smoothing", Tiling.DEFAULT_TILE_PIXELS, image).get(0);
        Rgb8Image tiled = applied(root, "l0-smoothing", SMALL_TILES, image).get(0);

        assertThat(maxDifference(whole, tiled)).isLessThanOrEqualTo(1);
        assertThat(ImageMetrics.psnr(whole, image)).as("the network is not the identity").isLessThan(30);
    }

    /**
     * With symmetric padding the network sees the image extended by mirrored margins, tiled or whole: a tile at
     * the border takes its halo from the margin. Whole: exactly the unpadded network on the extended image, cut
     * back. The padding changes only the pixels whose view reaches the border.
     */
    @Test
    void symmetricPaddingExtendsTheImageAlikeTiledAndWhole(@TempDir Path root, @TempDir Path unpaddedRoot)
            throws Exception {
        writeRunningModel(root, "l0-smoothing", InputPlanes.COLOUR_ONLY, 8);
        writeRunningModel(unpaddedRoot, "l0-smoothing", InputPlanes.COLOUR_ONLY, 0);
        Rgb8Image image = texturedImage(700, 500);

        Rgb8Image whole = applied(root, "l0-smoothing", Tiling.DEFAULT_TILE_PIXELS, image).get(0);
        Rgb8Image tiled = applied(root, "l0-smoothing", SMALL_TILES, image).get(0);
        Rgb8Image extendedByHand = applied(unpaddedRoot, "l0-smoothing", Tiling.DEFAULT_TILE_PIXELS,
                image.cropMirrored(-8, -8, 716, 516)).get(0).crop(8, 8, 700, 500);
        Rgb8Image unpadded = applied(unpaddedRoot, "l0-smoothing", Tiling.DEFAULT_TILE_PIXELS, image).get(0);

        assertThat(maxDifference(whole, tiled)).isLessThanOrEqualTo(1);
        assertThat(whole).isEqualTo(extendedByHand);
        assertThat(maxDifference(whole, unpadded)).as("the padding changes the border").isGreaterThan(0);
        // (up to float rounding: the two runs differ in size, and so may oneDNN's convolution algorithm)
        assertThat(maxDifference(whole.crop(200, 200, 300, 100), unpadded.crop(200, 200, 300, 100)))
                .as("and not the pixels 128 px or more inside").isLessThanOrEqualTo(1);
    }

    /**
     * Per-image statistics differ between a tile and the whole image, so a per-image network's tiles run with
     * statistics measured once on the whole image shrunk to the budget (its overview): the tiles then meet
     * exactly (tiled equals that fixed-statistics network run whole), and the result approximates the per-image
     * network on the whole image as far as the overview's statistics match the image's. Measured here with the
     * authors' L0 network and 400×400 tiles (20 tiles on a 700×500 photo, overview 472×337): the printed PSNR of
     * tiled against whole is what docs/training.md reports.
     */
    @Test
    void perImageStatisticsModelRunsItsTilesWithTheOverviewsStatistics(@TempDir Path root) throws Exception {
        Path directory = root.resolve("l0-smoothing");
        TfCheckpointImporter.importCheckpoint(ConformanceKit.L0_CHECKPOINT,
                TfCheckpointImporter.DEFAULT_PREFIX, "l0-smoothing", directory,
                CanArchitecture.AUTHORS_EPSILON, TfCheckpointImporter.Conversion.AUTHORS,
                TfCheckpointImporter.AUTHORS_RELEASE, "test");
        Rgb8Image photo = Resampling.resize(ConformanceKit.photo(ConformanceKit.PHOTO), 700, 500);
        Rgb8Image whole = applied(root, "l0-smoothing", Tiling.DEFAULT_TILE_PIXELS, photo).get(0);
        Rgb8Image tiled = applied(root, "l0-smoothing", SMALL_TILES, photo).get(0);
        Rgb8Image overviewStatisticsWhole;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ModelDescriptor descriptor = ModelDirectory.readDescriptor(directory);
            Rgb8Image overview = new Tiling(SMALL_TILES, 128, 0).overview(photo);
            assertThat(overview.width() * overview.height()).isLessThanOrEqualTo((int) SMALL_TILES);
            assertThat(overview.width()).isGreaterThan(460);
            NetworkBlock fixed = ModelDirectory.loadNetwork(directory, descriptor, manager)
                    .withStatisticsOf(overview, descriptor.channelOrder(), PlaneContext.whole(Map.of(), "l0-smoothing"),
                            manager).orElseThrow();
            Path fixedRoot = root.resolve("fixed");
            ModelDirectory.write(fixedRoot.resolve("l0-smoothing"), fixed, new ModelDirectory.Metadata("l0-smoothing",
                    descriptor.channelOrder(), descriptor.outputQuantization(), descriptor.provenance(), List.of()));
            overviewStatisticsWhole = applied(fixedRoot, "l0-smoothing", Tiling.DEFAULT_TILE_PIXELS, photo).get(0);
        }
        double psnr = ImageMetrics.psnr(whole, tiled);
        System.out.printf("per-image statistics, tiled (overview statistics) vs whole: %.2f dB PSNR, max difference %d%n",
                psnr, maxDifference(whole, tiled));

        assertThat(maxDifference(tiled, overviewStatisticsWhole)).as("the tiles meet without seams").isLessThanOrEqualTo(1);
        assertThat(psnr).isGreaterThan(35).isLessThan(Double.POSITIVE_INFINITY);
    }

    /**
     * A plane anchored to absolute image positions (the pencil texture) must reach every tile at the tile's own
     * offset: a tile given the texture from its own corner would disagree with the whole image wherever its
     * offset is not a multiple of the 256 px texture tile (the 700×500 image's 192 px cores are not). With
     * symmetric padding the tiles at the border start at negative offsets, where the texture goes on as well.
     */
    @Test
    void positionAnchoredPlaneGivesTheSameResultTiledAndWhole(@TempDir Path root) throws Exception {
        InputPlanes texture = new InputPlanes(List.of(new InputPlane.Procedural(InputPlane.Procedural.PENCIL_TEXTURE)));
        writeRunningModel(root, "pencil-drawing", texture, 8);
        Rgb8Image image = texturedImage(700, 500);
        Rgb8Image grey = new Rgb8Image(700, 500, filled(3 * 700 * 500, (byte) 128));

        List<Rgb8Image> wholeResults = applied(root, "pencil-drawing", Tiling.DEFAULT_TILE_PIXELS, image, grey);
        Rgb8Image whole = wholeResults.get(0);
        Rgb8Image greyResult = wholeResults.get(1);
        Rgb8Image tiled = applied(root, "pencil-drawing", SMALL_TILES, image).get(0);

        assertThat(maxDifference(whole, tiled)).isLessThanOrEqualTo(1);
        // The plane really drives the output: on a flat grey photo the result repeats with the texture's period.
        int centre = 3 * (250 * 700 + 200);
        int period = 3 * (250 * 700 + 200 + PencilTexture.SIZE);
        int neighbour = 3 * (250 * 700 + 201);
        assertThat(greyResult.pixels()[centre]).isEqualTo(greyResult.pixels()[period]);
        assertThat(Math.abs((greyResult.pixels()[centre] & 0xff) - (greyResult.pixels()[neighbour] & 0xff))
                + Math.abs((greyResult.pixels()[centre + 3 * 700 * 7] & 0xff) - (greyResult.pixels()[centre] & 0xff)))
                .as("the texture plane changes the output from pixel to pixel").isGreaterThan(0);
    }

    /** {@code images} through the model of {@code operatorId} in {@code root}, tiled above {@code tilePixels}. */
    private static List<Rgb8Image> applied(Path root, String operatorId, long tilePixels, Rgb8Image... images) {
        try (ModelRepository repository = ModelRepository.load(root, Device.cpu(), 1, tilePixels, Set.of(operatorId))) {
            Network model = repository.model(operatorId).orElseThrow();
            return java.util.Arrays.stream(images).map(model::apply).toList();
        }
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }

    private static void writeRunningModel(Path root, String id) throws Exception {
        writeRunningModel(root, id, InputPlanes.COLOUR_ONLY, 0);
    }

    private static void writeRunningModel(Path root, String id, InputPlanes inputs, int symmetricPadding)
            throws Exception {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            manager.getEngine().setRandomSeed(3);
            CanArchitecture architecture = CanArchitecture.can24().withInputs(inputs).withSymmetricPadding(symmetricPadding);
            ContextAggregationNetwork network = new ContextAggregationNetwork(architecture, NormalizationStatistics.RUNNING,
                    ContextAggregationNetwork.Initialization.XAVIER);
            network.initialize(manager);
            Random random = new Random(5);
            for (int layer = 1; layer <= architecture.layers(); layer++) {
                network.assign("layer" + layer + ".lambda", new float[] {0.8f});
                network.assign("layer" + layer + ".mu", new float[] {0.4f});
                float[] mean = new float[architecture.width()];
                float[] variance = new float[architecture.width()];
                for (int c = 0; c < mean.length; c++) {
                    mean[c] = (float) random.nextGaussian() * 0.1f;
                    variance[c] = 0.05f + random.nextFloat() * 0.2f;
                }
                network.assign("layer" + layer + ".runningMean", mean);
                network.assign("layer" + layer + ".runningVar", variance);
            }
            ModelDirectory.write(root.resolve(id), network, new ModelDirectory.Metadata(id, ChannelOrder.RGB,
                    OutputQuantization.ROUND, new ModelDescriptor.Provenance("test", "none", 0L, "2026-11-28", "test"),
                    List.of()));
        }
    }

    /** Smooth gradients plus fine texture, so every layer's dilation matters. */
    private static Rgb8Image texturedImage(int width, int height) {
        byte[] pixels = new byte[3 * width * height];
        Random random = new Random(11);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    double value = 128 + 80 * Math.sin(x / (17.0 + 9 * c)) * Math.cos(y / 23.0) + random.nextInt(41) - 20;
                    pixels[3 * (y * width + x) + c] = (byte) Math.max(0, Math.min(255, (int) value));
                }
            }
        }
        return new Rgb8Image(width, height, pixels);
    }

    private static int maxDifference(Rgb8Image a, Rgb8Image b) {
        int max = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            max = Math.max(max, Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff)));
        }
        return max;
    }
}
