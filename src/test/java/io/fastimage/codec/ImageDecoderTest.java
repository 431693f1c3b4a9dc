package io.fastimage.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.codec.ImageRejectedException.Reason;
import io.fastimage.image.Rgb8Image;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    private static final DecodeLimits ROOMY = new DecodeLimits(50L << 20, 50_000_000);
    private final ImageDecoder decoder = new ImageDecoder(ROOMY);

    // ---- lossless formats reproduce every pixel ----

    @Test
    void pngWrittenByImageIoDecodesToTheSamePixels() {
        Rgb8Image photo = TestFiles.photo(96, 64);
        DecodedImage decoded = decoder.decode(TestFiles.imageIo(photo, "png"));
        assertThat(decoded.rgb()).isEqualTo(photo);
        assertThat(decoded.alpha()).isNull();
        assertThat(decoded.format()).isEqualTo(ImageFormat.PNG);
    }

    @Test
    void bmpWrittenByImageIoDecodesToTheSamePixels() {
        Rgb8Image photo = TestFiles.photo(95, 63); // odd width: rows are padded to 4 bytes
        DecodedImage decoded = decoder.decode(TestFiles.imageIo(photo, "bmp"));
        assertThat(decoded.rgb()).isEqualTo(photo);
        assertThat(decoded.format()).isEqualTo(ImageFormat.BMP);
    }

    @Test
    void topDownBmpWithNegativeHeightIsNotUpsideDown() {
        Rgb8Image image = TestFiles.gradient(13, 7);
        assertThat(decoder.decode(TestFiles.bmp24(image, true)).rgb()).isEqualTo(image);
        assertThat(decoder.decode(TestFiles.bmp24(image, false)).rgb()).isEqualTo(image);
    }

    @Test
    void tiffInBothByteOrdersDecodesToTheSamePixels() {
        Rgb8Image image = TestFiles.gradient(21, 11);
        assertThat(decoder.decode(TestFiles.tiffRgb(image, true, 0)).rgb()).isEqualTo(image);
        assertThat(decoder.decode(TestFiles.tiffRgb(image, false, 0)).rgb()).isEqualTo(image);
    }

    @Test
    void tiffWrittenByImageIoDecodesToTheSamePixels() {
        Rgb8Image photo = TestFiles.photo(64, 48);
        DecodedImage decoded = decoder.decode(TestFiles.imageIo(photo, "tiff"));
        assertThat(decoded.rgb()).isEqualTo(photo);
        assertThat(decoded.format()).isEqualTo(ImageFormat.TIFF);
    }

    @Test
    void jpegDecodesLikeTheJdkDecoderAndCloseToTheOriginal() throws Exception {
        Rgb8Image photo = TestFiles.photo(96, 64);
        byte[] jpeg = TestFiles.jpeg(photo, 0.95f);
        DecodedImage decoded = decoder.decode(jpeg);
        Rgb8Image byJdk = TestFiles.fromBufferedImage(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg)));
        assertThat(decoded.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(meanAbsoluteError(decoded.rgb(), byJdk)).isLessThan(1.0);
        assertThat(meanAbsoluteError(decoded.rgb(), photo)).isLessThan(5.0);
    }

    @Test
    void oneByOneImagesDecodeInEveryFormat() {
        Rgb8Image dot = new Rgb8Image(1, 1, new byte[] {(byte) 200, 100, 50});
        for (String format : List.of("png", "bmp", "tiff")) {
            assertThat(decoder.decode(TestFiles.imageIo(dot, format)).rgb()).as(format).isEqualTo(dot);
        }
        Rgb8Image jpeg = decoder.decode(TestFiles.jpeg(dot, 1.0f)).rgb();
        assertThat(jpeg.width()).isEqualTo(1);
        assertThat(jpeg.height()).isEqualTo(1);
        assertThat(meanAbsoluteError(jpeg, dot)).isLessThan(4.0);
    }

    // ---- sample formats are normalised to 8-bit RGB ----

    @Test
    void sixteenBitPngIsRoundedToTheNearestEightBitValue() {
        int[] values = {0, 128, 129, 257, 385, 386, 65535, 65407, 32896, 1000, 40000, 60000};
        byte[] samples = new byte[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            samples[2 * i] = (byte) (values[i] >> 8);
            samples[2 * i + 1] = (byte) values[i];
        }
        // 4 pixels of 16-bit RGB in one row.
        DecodedImage decoded = decoder.decode(TestFiles.png(4, 1, 16, TestFiles.PNG_RGB, samples));
        byte[] px = decoded.rgb().pixels();
        for (int i = 0; i < values.length; i++) {
            assertThat(px[i] & 0xFF).as("16-bit %d", values[i]).isEqualTo((int) Math.round(values[i] / 257.0));
        }
    }

    @Test
    void sixteenBitRgbaPngKeepsItsAlphaAsEightBits() {
        ByteBuffer samples = ByteBuffer.allocate(2 * 4 * 2);
        samples.putShort((short) 65535).putShort((short) 0).putShort((short) 257).putShort((short) 32896);
        samples.putShort((short) 0).putShort((short) 514).putShort((short) 65535).putShort((short) 65535);
        DecodedImage decoded = decoder.decode(TestFiles.png(2, 1, 16, TestFiles.PNG_RGBA, samples.array()));
        assertThat(unsigned(decoded.rgb().pixels())).containsExactly(255, 0, 1, 0, 2, 255);
        assertThat(unsigned(decoded.alpha())).containsExactly(128, 255);
    }

    @Test
    void greyPngBecomesThreeEqualChannels() {
        byte[] grey = {0, 17, (byte) 128, (byte) 255, 3, 99};
        DecodedImage decoded = decoder.decode(TestFiles.png(3, 2, 8, TestFiles.PNG_GREY, grey));
        byte[] px = decoded.rgb().pixels();
        for (int i = 0; i < grey.length; i++) {
            assertThat(new byte[] {px[3 * i], px[3 * i + 1], px[3 * i + 2]}).containsOnly(grey[i]);
        }
        assertThat(decoded.alpha()).isNull();
    }

    @Test
    void sixteenBitGreyPngBecomesThreeEqualEightBitChannels() {
        DecodedImage decoded = decoder.decode(TestFiles.png(2, 1, 16, TestFiles.PNG_GREY, new byte[] {(byte) 0x80, (byte) 0x80, 0x01, 0x01}));
        assertThat(unsigned(decoded.rgb().pixels())).containsExactly(128, 128, 128, 1, 1, 1);
    }

    @Test
    void greyWithAlphaPngKeepsGreyAndAlpha() {
        byte[] greyAlpha = {10, (byte) 255, (byte) 200, 0, 77, 33};
        DecodedImage decoded = decoder.decode(TestFiles.png(3, 1, 8, TestFiles.PNG_GREY_ALPHA, greyAlpha));
        assertThat(unsigned(decoded.rgb().pixels())).containsExactly(10, 10, 10, 200, 200, 200, 77, 77, 77);
        assertThat(unsigned(decoded.alpha())).containsExactly(255, 0, 33);
    }

    @Test
    void rgbaPngKeepsColourAndAlphaExactlyEvenWhereTransparent() {
        Rgb8Image photo = TestFiles.photo(40, 30);
        byte[] alpha = new byte[photo.pixelCount()];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = (byte) (i * 37 % 256); // includes fully transparent pixels
        }
        DecodedImage decoded = decoder.decode(TestFiles.png(40, 30, 8, TestFiles.PNG_RGBA, TestFiles.rgbaSamples(photo, alpha)));
        assertThat(decoded.rgb()).isEqualTo(photo);
        assertThat(decoded.alpha()).isEqualTo(alpha);
    }

    @Test
    void adobeStyleCmykJpegDecodesToTheRgbItsInksDescribe() {
        // Photoshop's convention, which OpenCV assumes for every 4-component JPEG: samples are inverted (255 = no ink).
        // 16x8: left half full cyan ink, right half no ink at all. (A YCCK file, Adobe transform 2, is not covered.)
        WritableRaster cmyk = Raster.createBandedRaster(DataBuffer.TYPE_BYTE, 16, 8, 4, null);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                cmyk.setPixel(x, y, new int[] {x < 8 ? 0 : 255, 255, 255, 255});
            }
        }
        DecodedImage decoded = decoder.decode(TestFiles.cmykJpeg(cmyk));
        assertThat(decoded.rgb().width()).isEqualTo(16);
        assertThat(decoded.rgb().height()).isEqualTo(8);
        assertThat(decoded.alpha()).isNull();
        assertThat(unsigned(pixelAt(decoded.rgb(), 2, 4))).satisfies(rgb -> assertNear(rgb, 0, 255, 255));
        assertThat(unsigned(pixelAt(decoded.rgb(), 13, 4))).satisfies(rgb -> assertNear(rgb, 255, 255, 255));
    }

    // ---- limits ----

    @Test
    void anUploadOverTheByteLimitIsRefusedBeforeLookingAtIt() {
        AtomicInteger nativeCalls = new AtomicInteger();
        ImageDecoder strict = new ImageDecoder(new DecodeLimits(100, 50_000_000), countingOpenCv(nativeCalls));
        byte[] png = TestFiles.imageIo(TestFiles.gradient(32, 32), "png");
        assertThat(png.length).isGreaterThan(100);
        assertRejected(() -> strict.decode(png), Reason.TOO_MANY_BYTES);
        assertThat(nativeCalls).hasValue(0);
    }

    @Test
    void aForgedPngHeaderDeclaringTenGigapixelsIsRefusedWithoutDecoding() {
        AtomicInteger nativeCalls = new AtomicInteger();
        ImageDecoder guarded = new ImageDecoder(ROOMY, countingOpenCv(nativeCalls));
        byte[] bomb = TestFiles.pngHeaderOnly(100_000, 100_000);
        assertThat(bomb.length).isLessThan(64);
        ImageRejectedException refused = assertRejected(() -> guarded.decode(bomb), Reason.TOO_MANY_PIXELS);
        assertThat(refused.getMessage()).contains("100000x100000").contains("10000000000");
        assertThat(nativeCalls).hasValue(0);
    }

    @Test
    void aRealDecompressionBombIsRefusedFromItsHeaderWithoutDecoding() {
        // 4000x4000 black pixels compress to well under 1 MB but would need 48 MB decoded.
        int side = 4000;
        byte[] bomb = TestFiles.png(side, side, 8, TestFiles.PNG_RGB, new byte[side * side * 3]);
        assertThat(bomb.length).isLessThan(1 << 20);
        AtomicInteger nativeCalls = new AtomicInteger();
        ImageDecoder guarded = new ImageDecoder(new DecodeLimits(1 << 20, 10_000_000), countingOpenCv(nativeCalls));
        assertRejected(() -> guarded.decode(bomb), Reason.TOO_MANY_PIXELS);
        assertThat(nativeCalls).hasValue(0);
    }

    @Test
    void pixelLimitIsInclusiveAndCountsWidthTimesHeight() {
        ImageDecoder exact = new ImageDecoder(new DecodeLimits(1 << 20, 12 * 10));
        assertThat(exact.decode(TestFiles.imageIo(TestFiles.gradient(12, 10), "png")).rgb().pixelCount()).isEqualTo(120);
        assertRejected(() -> exact.decode(TestFiles.imageIo(TestFiles.gradient(11, 11), "png")), Reason.TOO_MANY_PIXELS);
    }

    @Test
    void everyFormatsForgedHugeHeaderIsRefusedAsTooManyPixels() {
        AtomicInteger nativeCalls = new AtomicInteger();
        ImageDecoder guarded = new ImageDecoder(new DecodeLimits(1 << 20, 1_000_000), countingOpenCv(nativeCalls));
        Rgb8Image small = TestFiles.gradient(8, 8);
        List<byte[]> forged = List.of(
                forgeJpegSize(TestFiles.jpeg(small, 0.9f), 60_000, 60_000),
                forgeBmpSize(TestFiles.bmp24(small, true), 70_000, -70_000),
                forgeTiffSize(TestFiles.tiffRgb(small, true, 0), 100_000, 100_000),
                forgeWebpCanvas(TestFiles.webpWithExif(new ImageEncoder().encode(small, null, OutputFormat.WEBP, 100), 8, 8,
                        TestFiles.exifTiff(1, true)), 16_777_216, 16_777_216));
        for (byte[] file : forged) {
            assertRejected(() -> guarded.decode(file), Reason.TOO_MANY_PIXELS);
        }
        assertThat(nativeCalls).hasValue(0);
    }

    // ---- what is not an image we decode ----

    @Test
    void pdfZipAndTextAreUnsupportedTypes() {
        for (String text : List.of("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000",
                "hello, this is not an image", "BMW is a car brand, not a bitmap header")) {
            assertRejected(() -> decoder.decode(TestFiles.ascii(text)), Reason.UNSUPPORTED_TYPE);
        }
    }

    @Test
    void gifIsAnUnsupportedType() {
        Rgb8Image image = TestFiles.gradient(8, 8);
        assertRejected(() -> decoder.decode(TestFiles.imageIo(image, "gif")), Reason.UNSUPPORTED_TYPE);
    }

    @Test
    void zeroBytesAreUndecodable() {
        ImageRejectedException refused = assertRejected(() -> decoder.decode(new byte[0]), Reason.UNDECODABLE);
        assertThat(refused.getMessage()).isEqualTo("The upload is empty.");
    }

    // ---- broken files ----

    @Test
    void truncatedJpegIsUndecodable() {
        byte[] jpeg = TestFiles.jpeg(TestFiles.photo(96, 64), 0.9f);
        assertRejected(() -> decoder.decode(Arrays.copyOf(jpeg, jpeg.length * 2 / 3)), Reason.UNDECODABLE);
        assertRejected(() -> decoder.decode(Arrays.copyOf(jpeg, 40)), Reason.UNDECODABLE);
    }

    /** A few KB whose frame header claims 7000x7000: libjpeg would warn, fill it with grey and spend a minute on it. */
    @Test
    void aJpegTooShortForTheSizeItDeclaresIsUndecodable() {
        byte[] jpeg = TestFiles.jpeg(TestFiles.photo(96, 64), 0.9f);
        int frame = 2;
        while (!((jpeg[frame] & 0xff) == 0xFF && (jpeg[frame + 1] & 0xff) == 0xC0)) {
            frame++;
        }
        byte[] inflated = jpeg.clone();
        // SOF0: marker(2), length(2), precision(1), height(2), width(2).
        for (int at : new int[] {frame + 5, frame + 7}) {
            inflated[at] = (byte) (7000 >> 8);
            inflated[at + 1] = (byte) 7000;
        }
        ImageRejectedException refused = assertRejected(() -> decoder.decode(inflated), Reason.UNDECODABLE);
        assertThat(refused.getMessage()).startsWith("The JPEG declares 7000x7000 pixels but holds ")
                .contains("fewer than the 95704 that many 8x8 blocks take at the least");
        assertThat(decoder.decode(jpeg).rgb().width()).as("the same file at its own size").isEqualTo(96);
    }

    @Test
    void jpegWithTrailingBytesAfterItsEndStillDecodes() {
        byte[] jpeg = TestFiles.jpeg(TestFiles.photo(32, 24), 0.9f);
        byte[] padded = Arrays.copyOf(jpeg, jpeg.length + 100);
        assertThat(decoder.decode(padded).rgb().width()).isEqualTo(32);
    }

    @Test
    void truncatedPngIsUndecodable() {
        byte[] png = TestFiles.imageIo(TestFiles.photo(96, 64), "png");
        assertRejected(() -> decoder.decode(Arrays.copyOf(png, png.length / 2)), Reason.UNDECODABLE);
        assertRejected(() -> decoder.decode(Arrays.copyOf(png, 20)), Reason.UNDECODABLE);
    }

    @Test
    void garbageAfterAValidMagicIsUndecodable() {
        java.util.Random random = new java.util.Random(7);
        List<byte[]> magics = List.of(
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
                new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
                TestFiles.ascii("RIFF\u0000\u0001\u0000\u0000WEBP"),
                TestFiles.ascii("II*\u0000"),
                TestFiles.ascii("MM\u0000*"));
        for (byte[] magic : magics) {
            byte[] file = new byte[2000];
            random.nextBytes(file);
            System.arraycopy(magic, 0, file, 0, magic.length);
            assertRejected(() -> decoder.decode(file), Reason.UNDECODABLE);
        }
    }

    @Test
    void pngWhosePixelDataDoesNotMatchItsHeaderIsUndecodable() {
        // IHDR says 8x8 but the data holds only 8x4 rows.
        byte[] shortData = TestFiles.png(8, 4, 8, TestFiles.PNG_RGB, new byte[8 * 4 * 3]);
        byte[] lying = shortData.clone();
        ByteBuffer.wrap(lying).putInt(20, 8);
        fixPngCrc(lying, 8);
        assertRejected(() -> decoder.decode(lying), Reason.UNDECODABLE);
    }

    @Test
    void nativeFailureMessagesNeverReachTheUser() {
        ImageDecoder failing = new ImageDecoder(ROOMY, bytes -> {
            throw new org.opencv.core.CvException("cv::imdecode_ /build/opencv/modules/imgcodecs/src/loadsave.cpp:42 oops");
        });
        ImageRejectedException refused = assertRejected(
                () -> failing.decode(TestFiles.imageIo(TestFiles.gradient(4, 4), "png")), Reason.UNDECODABLE);
        assertThat(refused.getMessage()).doesNotContain("cv::").doesNotContain(".cpp").doesNotContain("oops");
    }

    // ---- concurrency ----

    @Test
    void oneDecoderServesManyThreadsAtOnce() throws Exception {
        List<byte[]> files = new ArrayList<>();
        List<DecodedImage> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Rgb8Image image = TestFiles.gradient(30 + i, 20 + 2 * i);
            byte[] file = i % 2 == 0 ? TestFiles.imageIo(image, "png") : TestFiles.withExifOrientation(TestFiles.jpeg(image, 0.9f), 1 + i, true);
            files.add(file);
            expected.add(decoder.decode(file));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 30; round++) {
                        int k = (round + offset) % files.size();
                        if (!decoder.decode(files.get(k)).equals(expected.get(k))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers ----

    static ImageRejectedException assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(ImageRejectedException.class);
        ImageRejectedException rejected = (ImageRejectedException) thrown;
        assertThat(rejected.reason()).as(rejected.getMessage()).isEqualTo(reason);
        assertThat(rejected.getMessage()).isNotBlank();
        return rejected;
    }

    private static ImageDecoder.PixelDecoder countingOpenCv(AtomicInteger calls) {
        ImageDecoder real = new ImageDecoder(ROOMY);
        return bytes -> {
            calls.incrementAndGet();
            // Only reached by files that passed every check; decode them for real.
            org.opencv.core.MatOfByte encoded = new org.opencv.core.MatOfByte(bytes);
            try {
                return org.opencv.imgcodecs.Imgcodecs.imdecode(encoded, org.opencv.imgcodecs.Imgcodecs.IMREAD_UNCHANGED);
            } finally {
                encoded.release();
            }
        };
    }

    static double meanAbsoluteError(Rgb8Image a, Rgb8Image b) {
        assertThat(a.width()).isEqualTo(b.width());
        assertThat(a.height()).isEqualTo(b.height());
        long sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            sum += Math.abs((a.pixels()[i] & 0xFF) - (b.pixels()[i] & 0xFF));
        }
        return (double) sum / a.pixels().length;
    }

    static byte[] pixelAt(Rgb8Image image, int x, int y) {
        int i = (y * image.width() + x) * 3;
        return Arrays.copyOfRange(image.pixels(), i, i + 3);
    }

    static void assertNear(int[] rgb, int r, int g, int b) {
        assertThat(rgb[0]).as("red of %s", Arrays.toString(rgb)).isCloseTo(r, org.assertj.core.data.Offset.offset(6));
        assertThat(rgb[1]).as("green of %s", Arrays.toString(rgb)).isCloseTo(g, org.assertj.core.data.Offset.offset(6));
        assertThat(rgb[2]).as("blue of %s", Arrays.toString(rgb)).isCloseTo(b, org.assertj.core.data.Offset.offset(6));
    }

    static int[] unsigned(byte[] bytes) {
        int[] out = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] & 0xFF;
        }
        return out;
    }

    private static void fixPngCrc(byte[] png, int chunkOffset) {
        int length = ByteBuffer.wrap(png).getInt(chunkOffset);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, chunkOffset + 4, 4 + length);
        ByteBuffer.wrap(png).putInt(chunkOffset + 8 + length, (int) crc.getValue());
    }

    /** Rewrites the size in the first start-of-frame segment. */
    private static byte[] forgeJpegSize(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        for (int i = 2; i < out.length - 9; i++) {
            if ((out[i] & 0xFF) == 0xFF && (out[i + 1] & 0xFF) == 0xC0) {
                out[i + 5] = (byte) (height >> 8);
                out[i + 6] = (byte) height;
                out[i + 7] = (byte) (width >> 8);
                out[i + 8] = (byte) width;
                return out;
            }
        }
        throw new IllegalStateException("no SOF0");
    }

    private static byte[] forgeBmpSize(byte[] bmp, int width, int height) {
        byte[] out = bmp.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(18, width).putInt(22, height);
        return out;
    }

    /** The hand-written TIFF's first two entries are ImageWidth and ImageLength as LONGs. */
    private static byte[] forgeTiffSize(byte[] tiff, int width, int height) {
        byte[] out = tiff.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(10 + 8, width).putInt(10 + 12 + 8, height);
        return out;
    }

    private static byte[] forgeWebpCanvas(byte[] vp8x, int width, int height) {
        byte[] out = vp8x.clone();
        int w = width - 1;
        int h = height - 1;
        out[24] = (byte) w;
        out[25] = (byte) (w >> 8);
        out[26] = (byte) (w >> 16);
        out[27] = (byte) h;
        out[28] = (byte) (h >> 8);
        out[29] = (byte) (h >> 16);
        return out;
    }
}
