package io.fastimage.cli;

import io.fastimage.codec.OutputFormat;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.pipeline.ProcessedImage;
import io.fastimage.pipeline.ProcessingPipeline;
import io.fastimage.pipeline.WorkerPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reference --operator ID [--param k=v ...] IN OUT}: the exact operator on one file, through the service's
 * pipeline (the same decoding, orientation, alpha handling and encoding) with the CLI's file limits.
 */
@Command(name = "reference", mixinStandardHelpOptions = true,
        description = "Apply an exact reference operator to an image file. The output format follows OUT's extension "
                + "(.png, .jpg/.jpeg, .webp).")
final class ReferenceCommand implements Callable<Integer> {

    @Option(names = "--operator", required = true, description = "operator id, e.g. l0-smoothing")
    String operatorId;

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "parameter override name=value (repeatable, each name once)")
    List<String> parameters = new ArrayList<>();

    @Option(names = "--quality", defaultValue = "95", description = "JPEG/WebP quality 1-100 (default ${DEFAULT-VALUE})")
    int quality;

    @Parameters(index = "0", description = "input image")
    Path input;

    @Parameters(index = "1", description = "output image")
    Path output;

    @Override
    public Integer call() throws Exception {
        ReferenceOperator operator = CliSupport.referenceOperator(operatorId);
        ParameterValues values = ParameterValues.resolve(operator.info().parameters(),
                CliSupport.parametersByName(parameters));
        OutputFormat format = CliSupport.formatOf(output);
        byte[] body = Files.readAllBytes(input);
        ProcessedImage result;
        // One worker and no deadline: a local file may take as long as the operator needs.
        try (WorkerPool worker = new WorkerPool(1, 1)) {
            result = new ProcessingPipeline(CliSupport.FILE_LIMITS, worker, Duration.ofDays(365))
                    .process(body, operator.withParameters(values), format, quality);
        }
        Files.write(output, result.bytes());
        long millis = Math.round(result.timings().millis().get(operator.implementation().timingName()));
        System.out.printf("%s %s: %dx%d in %d ms -> %s%n", operator.info().id(), values, result.width(), result.height(),
                millis, output);
        return 0;
    }
}
