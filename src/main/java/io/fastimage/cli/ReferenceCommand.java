package io.fastimage.cli;

import io.fastimage.codec.DecodedImage;
import io.fastimage.codec.OutputFormat;
import io.fastimage.image.PlanarImage;
import io.fastimage.image.Rgb8Image;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reference --operator ID [--param k=v ...] IN OUT}: the exact operator on one file. */
@Command(name = "reference", mixinStandardHelpOptions = true,
        description = "Apply an exact reference operator to an image file. The output format follows OUT's extension "
                + "(.png, .jpg/.jpeg, .webp).")
final class ReferenceCommand implements Callable<Integer> {

    @Option(names = "--operator", required = true, description = "operator id, e.g. l0-smoothing")
    String operatorId;

    @Option(names = "--param", description = "parameter override name=value (repeatable)")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--quality", defaultValue = "95", description = "JPEG/WebP quality 1-100 (default ${DEFAULT-VALUE})")
    int quality;

    @Parameters(index = "0", description = "input image")
    Path input;

    @Parameters(index = "1", description = "output image")
    Path output;

    @Override
    public Integer call() throws Exception {
        ReferenceOperator operator = CliSupport.referenceOperator(operatorId);
        ParameterValues values = ParameterValues.resolve(operator.info().parameters(), parameters);
        OutputFormat format = CliSupport.formatOf(output);
        DecodedImage decoded = CliSupport.decode(input);
        long start = System.nanoTime();
        Rgb8Image result = operator.apply(PlanarImage.fromRgb8(decoded.rgb()), values).toRgb8();
        long millis = (System.nanoTime() - start) / 1_000_000;
        Files.write(output, CliSupport.encoder().encode(result, decoded.alpha(), format, quality));
        System.out.printf("%s %s: %dx%d in %d ms -> %s%n", operator.info().id(), values, result.width(), result.height(),
                millis, output);
        return 0;
    }
}
