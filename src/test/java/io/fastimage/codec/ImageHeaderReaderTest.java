package io.fastimage.codec;

import static io.fastimage.codec.ImageDecoderTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fastimage.codec.ImageRejectedException.Reason;
import io.fastimage.image.Rgb8Image;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

class ImageHeaderReaderTest {

    private final Rgb8Image image = TestFiles.gradient(37, 23);
    private final ImageEncoder encoder = new ImageEncoder();

    @Test
    void readsTheDeclaredSizeOfEveryFormat() {
        assertThat(ImageHeaderReader.read(TestFiles.imageIo(image, "png"))).isEqualTo(new ImageHeader(ImageFormat.PNG, 37, 23));
        assertThat(ImageHeaderReader.read(TestFiles.jpeg(image, 0.8f))).isEqualTo(new ImageHeader(ImageFormat.JPEG, 37, 23));
        assertThat(ImageHeaderReader.read(TestFiles.imageIo(image, "bmp"))).isEqualTo(new ImageHeader(ImageFormat.BMP, 37, 23));
        assertThat(ImageHeaderReader.read(TestFiles.imageIo(image, "tiff"))).isEqualTo(new ImageHeader(ImageFormat.TIFF, 37, 23));
        assertThat(ImageHeaderReader.read(TestFiles.tiffRgb(image, false, 0))).isEqualTo(new ImageHeader(ImageFormat.TIFF, 37, 23));
    }

    @Test
    void readsAllThreeWebpFlavours() {
        byte[] lossy = encoder.encode(image, null, OutputFormat.WEBP, 80);
        byte[] lossless = encoder.encode(image, null, OutputFormat.WEBP, 100);
        byte[] alpha = new byte[image.pixelCount()];
        Arrays.fill(alpha, (byte) 128);
        byte[] lossyWithAlpha = encoder.encode(image, alpha, OutputFormat.WEBP, 80);
        assertThat(new String(lossy, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("VP8 ");
        assertThat(new String(lossless, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("VP8L");
        assertThat(new String(lossyWithAlpha, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("VP8X");
        for (byte[] webp : List.of(lossy, lossless, lossyWithAlpha)) {
            assertThat(ImageHeaderReader.read(webp)).isEqualTo(new ImageHeader(ImageFormat.WEBP, 37, 23));
        }
    }

    @Test
    void webpSizesUseAllFourteenBitsOfVp8AndVp8l() {
        Rgb8Image wide = TestFiles.gradient(16_383, 1);
        assertThat(ImageHeaderReader.read(encoder.encode(wide, null, OutputFormat.WEBP, 50)).width()).isEqualTo(16_383);
        assertThat(ImageHeaderReader.read(encoder.encode(wide, null, OutputFormat.WEBP, 100)).width()).isEqualTo(16_383);
    }

    @Test
    void progressiveJpegSizeComesFromItsSof2Segment() throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(TestFiles.toBufferedImage(image), null, null), param);
        } finally {
            writer.dispose();
        }
        byte[] progressive = out.toByteArray();
        assertThat(indexOf(progressive, (byte) 0xFF, (byte) 0xC2)).isPositive();
        assertThat(ImageHeaderReader.read(progressive)).isEqualTo(new ImageHeader(ImageFormat.JPEG, 37, 23));
    }

    @Test
    void jpegSegmentsAndFillBytesBeforeTheFrameAreSkipped() {
        byte[] jpeg = TestFiles.withExifOrientation(TestFiles.jpeg(image, 0.8f), 6, false);
        // Insert a comment segment whose payload looks like a frame header, then fill bytes before the next marker.
        byte[] comment = {(byte) 0xFF, (byte) 0xFE, 0, 11, (byte) 0xFF, (byte) 0xC0, 0, 17, 8, 0x7F, 0x7F, 0x7F, 0x7F,
                (byte) 0xFF, (byte) 0xFF};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(comment);
        out.write(jpeg, 2, jpeg.length - 2);
        assertThat(ImageHeaderReader.read(out.toByteArray())).isEqualTo(new ImageHeader(ImageFormat.JPEG, 37, 23));
    }

    @Test
    void headerReportsTheStoredSizeEvenWhenExifRotatesIt() {
        byte[] rotated = TestFiles.withExifOrientation(TestFiles.jpeg(image, 0.8f), 6, true);
        assertThat(ImageHeaderReader.read(rotated)).isEqualTo(new ImageHeader(ImageFormat.JPEG, 37, 23));
    }

    @Test
    void bmpHeightIsTheMagnitudeForTopDownAndCoreHeadersAreRead() {
        assertThat(ImageHeaderReader.read(TestFiles.bmp24(image, true))).isEqualTo(new ImageHeader(ImageFormat.BMP, 37, 23));
        ByteBuffer core = ByteBuffer.allocate(26 + 3).order(ByteOrder.LITTLE_ENDIAN);
        core.put(TestFiles.ascii("BM")).putInt(29).putInt(0).putInt(26);
        core.putInt(12).putShort((short) 40_000).putShort((short) 3).putShort((short) 1).putShort((short) 24);
        assertThat(ImageHeaderReader.read(core.array())).isEqualTo(new ImageHeader(ImageFormat.BMP, 40_000, 3));
    }

    @Test
    void aHeaderAloneIsEnoughToKnowTheSize() {
        assertThat(ImageHeaderReader.read(TestFiles.pngHeaderOnly(100_000, 100_000)).pixelCount()).isEqualTo(10_000_000_000L);
    }

    @Test
    void pixelCountNeverOverflows() {
        assertThat(new ImageHeader(ImageFormat.PNG, Integer.MAX_VALUE, Integer.MAX_VALUE).pixelCount())
                .isEqualTo((long) Integer.MAX_VALUE * Integer.MAX_VALUE);
    }

    // ---- broken headers ----

    @Test
    void pngSizesOfZeroOrBeyondTheSpecificationAreUndecodable() {
        assertRejected(() -> ImageHeaderReader.read(TestFiles.pngHeaderOnly(0, 10)), Reason.UNDECODABLE);
        assertRejected(() -> ImageHeaderReader.read(TestFiles.pngHeaderOnly(10, 0)), Reason.UNDECODABLE);
        assertRejected(() -> ImageHeaderReader.read(TestFiles.pngHeaderOnly(-1, 10)), Reason.UNDECODABLE); // 2^32 - 1
    }

    @Test
    void pngWhoseFirstChunkIsNotIhdrIsUndecodable() {
        byte[] png = TestFiles.pngHeaderOnly(10, 10);
        png[12] = 'X';
        assertRejected(() -> ImageHeaderReader.read(png), Reason.UNDECODABLE);
    }

    @Test
    void jpegWithoutAFrameHeaderBeforeItsScanIsUndecodable() {
        byte[] noFrame = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 4, 0, 0, (byte) 0xFF, (byte) 0xDA, 0, 2};
        assertRejected(() -> ImageHeaderReader.read(noFrame), Reason.UNDECODABLE);
        byte[] endsAtOnce = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
        assertRejected(() -> ImageHeaderReader.read(endsAtOnce), Reason.UNDECODABLE);
    }

    @Test
    void jpegSegmentLongerThanTheFileIsUndecodable() {
        byte[] overlong = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, (byte) 0xFF, (byte) 0xF0, 0, 0};
        assertRejected(() -> ImageHeaderReader.read(overlong), Reason.UNDECODABLE);
        byte[] tooShortLength = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 1, 0, 0};
        assertRejected(() -> ImageHeaderReader.read(tooShortLength), Reason.UNDECODABLE);
    }

    @Test
    void jpegFrameWithZeroHeightIsUndecodable() {
        byte[] jpeg = TestFiles.jpeg(image, 0.8f);
        int sof = indexOf(jpeg, (byte) 0xFF, (byte) 0xC0);
        jpeg[sof + 5] = 0;
        jpeg[sof + 6] = 0;
        assertRejected(() -> ImageHeaderReader.read(jpeg), Reason.UNDECODABLE);
    }

    @Test
    void bmpWithUnknownHeaderOrImpossibleSizeIsUndecodable() {
        byte[] negativeWidth = TestFiles.bmp24(image, false);
        ByteBuffer.wrap(negativeWidth).order(ByteOrder.LITTLE_ENDIAN).putInt(18, -5);
        assertRejected(() -> ImageHeaderReader.read(negativeWidth), Reason.UNDECODABLE);
        byte[] minHeight = TestFiles.bmp24(image, false);
        ByteBuffer.wrap(minHeight).order(ByteOrder.LITTLE_ENDIAN).putInt(22, Integer.MIN_VALUE);
        assertRejected(() -> ImageHeaderReader.read(minHeight), Reason.UNDECODABLE);
    }

    @Test
    void tiffWhoseDirectoryLiesOutsideTheFileOrLacksASizeIsUndecodable() {
        byte[] farDirectory = TestFiles.tiffRgb(image, true, 0);
        ByteBuffer.wrap(farDirectory).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 1_000_000);
        assertRejected(() -> ImageHeaderReader.read(farDirectory), Reason.UNDECODABLE);
        byte[] noWidth = TestFiles.tiffRgb(image, true, 0);
        ByteBuffer.wrap(noWidth).order(ByteOrder.LITTLE_ENDIAN).putShort(10, (short) 999); // ImageWidth tag renamed
        assertRejected(() -> ImageHeaderReader.read(noWidth), Reason.UNDECODABLE);
    }

    @Test
    void webpWithAnUnknownFirstChunkIsUndecodable() {
        byte[] webp = encoder.encode(image, null, OutputFormat.WEBP, 80);
        webp[12] = 'Q';
        assertRejected(() -> ImageHeaderReader.read(webp), Reason.UNDECODABLE);
    }

    @Test
    void unknownMagicIsAnUnsupportedType() {
        assertRejected(() -> ImageHeaderReader.read(TestFiles.ascii("GIF89a....")), Reason.UNSUPPORTED_TYPE);
    }

    @Test
    void everyPrefixAndCorruptionOfAHeaderIsRejectedCleanlyNeverWithAnUnexpectedException() {
        Random random = new Random(11);
        List<byte[]> files = List.of(TestFiles.imageIo(image, "png"),
                TestFiles.withExifOrientation(TestFiles.jpeg(image, 0.8f), 3, true), TestFiles.imageIo(image, "bmp"),
                TestFiles.tiffRgb(image, false, 6), TestFiles.imageIo(image, "tiff"),
                encoder.encode(image, null, OutputFormat.WEBP, 80), encoder.encode(image, null, OutputFormat.WEBP, 100),
                TestFiles.webpWithExif(encoder.encode(image, null, OutputFormat.WEBP, 100), 37, 23, TestFiles.exifTiff(6, true)));
        for (byte[] file : files) {
            for (int length = 0; length <= Math.min(file.length, 300); length++) {
                assertCleanOutcome(Arrays.copyOf(file, length));
            }
            for (int trial = 0; trial < 500; trial++) {
                byte[] corrupt = file.clone();
                for (int flips = 0; flips < 3; flips++) {
                    corrupt[random.nextInt(Math.min(corrupt.length, 200))] = (byte) random.nextInt(256);
                }
                assertCleanOutcome(corrupt);
            }
        }
    }

    private static void assertCleanOutcome(byte[] bytes) {
        Throwable thrown = catchThrowable(() -> ImageHeaderReader.inspect(bytes));
        if (thrown != null) {
            assertThat(thrown).as("for %d bytes", bytes.length).isInstanceOf(ImageRejectedException.class);
        }
    }

    private static int indexOf(byte[] bytes, byte first, byte second) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == first && bytes[i + 1] == second) {
                return i;
            }
        }
        return -1;
    }
}
