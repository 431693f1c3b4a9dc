package io.fastimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.codec.DecodeLimits;
import io.fastimage.codec.HiddenColour;
import io.fastimage.codec.DecodedImage;
import io.fastimage.codec.ImageDecoder;
import io.fastimage.codec.ImageEncoder;
import io.fastimage.codec.OutputFormat;
import io.fastimage.image.OpenCv;
import io.fastimage.image.Rgb8Image;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code reference} goes through the service's pipeline: same decoding, operator and encoding, alpha kept. */
class ReferenceCommandTest {

    @Test
    void appliesTheExactOperatorWithItsParametersAndKeepsAlpha(@TempDir Path dir) throws Exception {
        OpenCv.ensureLoaded();
        byte[] pixels = new byte[3 * 21 * 13];
        byte[] alpha = new byte[21 * 13];
        Random random = new Random(5);
        random.nextBytes(pixels);
        random.nextBytes(alpha);
        Rgb8Image input = new Rgb8Image(21, 13, pixels);
        Path in = Files.write(dir.resolve("in.png"), new ImageEncoder().encode(input, alpha, OutputFormat.PNG, 100));
        Path out = dir.resolve("out.png");

        int exit = new CommandLine(new ReferenceCommand()).execute("--operator", "detail-manipulation",
                "--param", "levels=3", in.toString(), out.toString());

        assertThat(exit).isZero();
        DecodedImage result = new ImageDecoder(new DecodeLimits(1 << 20, 1 << 20)).decode(Files.readAllBytes(out));
        assertThat(result.alpha()).isEqualTo(alpha);
        ReferenceOperator operator = CliSupport.referenceOperator("detail-manipulation");
        ParameterValues levels = ParameterValues.resolve(operator.info().parameters(), Map.of("levels", "3"));
        // As in the service, the operator never sees the colour under fully transparent pixels.
        assertThat(result.rgb()).isEqualTo(operator.withParameters(levels).apply(HiddenColour.fill(input, alpha)));
    }
}
