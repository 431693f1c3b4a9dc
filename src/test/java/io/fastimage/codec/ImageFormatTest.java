package io.fastimage.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

    @Test
    void sniffsEachFormatFromItsMagicBytes() {
        var image = TestFiles.gradient(5, 4);
        assertThat(ImageFormat.sniff(TestFiles.imageIo(image, "png"))).contains(ImageFormat.PNG);
        assertThat(ImageFormat.sniff(TestFiles.jpeg(image, 0.8f))).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.sniff(TestFiles.imageIo(image, "bmp"))).contains(ImageFormat.BMP);
        assertThat(ImageFormat.sniff(TestFiles.tiffRgb(image, true, 0))).contains(ImageFormat.TIFF);
        assertThat(ImageFormat.sniff(TestFiles.tiffRgb(image, false, 0))).contains(ImageFormat.TIFF);
        assertThat(ImageFormat.sniff(new ImageEncoder().encode(image, null, OutputFormat.WEBP, 80))).contains(ImageFormat.WEBP);
    }

    @Test
    void aFewLeadingBytesAreEnoughToSniff() {
        byte[] bmp = TestFiles.imageIo(TestFiles.gradient(5, 4), "bmp");
        assertThat(ImageFormat.sniff(Arrays.copyOf(bmp, 18))).contains(ImageFormat.BMP);
        assertThat(ImageFormat.sniff(Arrays.copyOf(bmp, 17))).isEmpty();
    }

    @Test
    void otherFilesAndTooShortPrefixesAreNotSniffed() {
        assertThat(ImageFormat.sniff(new byte[0])).isEmpty();
        assertThat(ImageFormat.sniff(TestFiles.ascii("GIF89a"))).isEmpty();
        assertThat(ImageFormat.sniff(TestFiles.ascii("%PDF-1.4"))).isEmpty();
        assertThat(ImageFormat.sniff(TestFiles.ascii("RIFF\u0000\u0000\u0000\u0000WAVEfmt "))).isEmpty(); // audio, not WebP
        assertThat(ImageFormat.sniff(TestFiles.ascii("BM is how this sentence starts"))).isEmpty();
        assertThat(ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEmpty();
        assertThat(ImageFormat.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isEmpty();
    }

    @Test
    void mediaTypesAreTheRegisteredOnes() {
        assertThat(Arrays.stream(ImageFormat.values()).map(ImageFormat::mediaType))
                .containsExactly("image/png", "image/jpeg", "image/webp", "image/bmp", "image/tiff");
    }

    @Test
    void outputFormatsAreFoundByNameCaseInsensitively() {
        assertThat(OutputFormat.fromName("PNG")).contains(OutputFormat.PNG);
        assertThat(OutputFormat.fromName("jpeg")).contains(OutputFormat.JPEG);
        assertThat(OutputFormat.fromName("Jpg")).contains(OutputFormat.JPEG);
        assertThat(OutputFormat.fromName("webp")).contains(OutputFormat.WEBP);
        assertThat(OutputFormat.fromName("gif")).isEmpty();
        assertThat(OutputFormat.fromName("")).isEmpty();
        assertThat(OutputFormat.fromName(null)).isEmpty();
    }

    @Test
    void outputFormatsAreFoundByMediaTypeIgnoringCaseAndParameters() {
        assertThat(OutputFormat.fromMediaType("image/png")).contains(OutputFormat.PNG);
        assertThat(OutputFormat.fromMediaType("IMAGE/JPEG")).contains(OutputFormat.JPEG);
        assertThat(OutputFormat.fromMediaType(" image/webp;q=0.9")).contains(OutputFormat.WEBP);
        assertThat(OutputFormat.fromMediaType("image/bmp")).isEmpty();
        assertThat(OutputFormat.fromMediaType("image/*")).isEmpty();
        assertThat(OutputFormat.fromMediaType(null)).isEmpty();
    }

    @Test
    void outputFormatsDescribeThemselves() {
        assertThat(OutputFormat.PNG.extension()).isEqualTo("png");
        assertThat(OutputFormat.JPEG.extension()).isEqualTo("jpg");
        assertThat(OutputFormat.WEBP.extension()).isEqualTo("webp");
        assertThat(OutputFormat.PNG.lossy()).isFalse();
        assertThat(OutputFormat.JPEG.lossy()).isTrue();
        assertThat(OutputFormat.WEBP.lossy()).isTrue();
        assertThat(OutputFormat.JPEG.mediaType()).isEqualTo("image/jpeg");
    }
}
