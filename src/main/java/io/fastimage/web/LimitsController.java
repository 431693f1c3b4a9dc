package io.fastimage.web;

import io.fastimage.codec.DecodeLimits;
import io.fastimage.codec.ImageFormat;
import io.fastimage.codec.OutputFormat;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/limits}: what a client may send, so it can check before uploading. */
@RestController
@Tag(name = "limits")
class LimitsController {

    record LimitsView(long maxBytes, long maxPixels, int maxSide, long tilePixels, long requestTimeoutSeconds,
            List<String> inputTypes, List<String> outputTypes) {
    }

    private final FastImageProperties properties;

    LimitsController(FastImageProperties properties) {
        this.properties = properties;
    }

    @GetMapping(path = "/api/v1/limits", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Upload limits and accepted image types")
    LimitsView limits() {
        FastImageProperties.Limits limits = properties.limits();
        return new LimitsView(limits.maxBytes().toBytes(), limits.maxPixels(), DecodeLimits.MAX_SIDE, limits.tilePixels(),
                limits.requestTimeout().toSeconds(),
                Arrays.stream(ImageFormat.values()).map(ImageFormat::mediaType).toList(),
                Arrays.stream(OutputFormat.values()).map(OutputFormat::mediaType).toList());
    }
}
