package io.fastimage.web;

import io.fastimage.codec.BoundedInput;
import io.fastimage.codec.ImageRejectedException;
import io.fastimage.codec.OutputFormat;
import io.fastimage.operator.ImageOperator;
import io.fastimage.operator.NetworkVariants;
import io.fastimage.operator.OperatorRegistry;
import io.fastimage.operator.OperatorRegistry.OperatorEntry;
import io.fastimage.operator.ParameterValues;
import io.fastimage.pipeline.ProcessedImage;
import io.fastimage.pipeline.ProcessingPipeline;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The operators API, version 1: list operators, describe one, apply one to an image. */
@RestController
@RequestMapping("/api/v1/operators")
@Tag(name = "operators", description = "Photo operators: trained networks (fast) and exact reference implementations")
class OperatorController {

    private final OperatorRegistry registry;
    private final ProcessingPipeline pipeline;
    private final FastImageProperties properties;
    private final RequestMetrics metrics;

    OperatorController(OperatorRegistry registry, ProcessingPipeline pipeline, FastImageProperties properties,
            RequestMetrics metrics) {
        this.registry = registry;
        this.pipeline = pipeline;
        this.properties = properties;
        this.metrics = metrics;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "All operators with their availability, model card and parameters")
    List<OperatorView> list() {
        return registry.all().stream().map(OperatorView::of).toList();
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One operator with its availability, model card and parameters")
    OperatorView describe(@PathVariable String id) {
        return OperatorView.of(find(id));
    }

    @PostMapping(path = "/{id}/apply", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Apply an operator to an image sent as multipart field 'image'",
            description = "Query: mode (model|reference), format (png|jpeg|webp), quality (1-100), and for mode=reference "
                    + "the operator's parameters by name. Answers the processed image, same width and height, with "
                    + "Server-Timing (queue, decode, inference|reference, encode).")
    ResponseEntity<byte[]> applyMultipart(@PathVariable String id, @RequestPart("image") MultipartFile image,
            @Parameter(hidden = true) @RequestParam Map<String, String> query,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) throws IOException {
        ApplyRequest request = ApplyRequest.parse(query, accept);
        OperatorEntry entry = find(id);
        return apply(entry, request, transform(entry, request), read(image));
    }

    @PostMapping(path = "/{id}/apply", consumes = {"image/*", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @Operation(summary = "Apply an operator to an image sent as the raw request body (Content-Type image/*)")
    ResponseEntity<byte[]> applyRaw(@PathVariable String id,
            @Parameter(hidden = true) @RequestParam Map<String, String> query,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletRequest servletRequest) throws IOException {
        ApplyRequest request = ApplyRequest.parse(query, accept);
        OperatorEntry entry = find(id);
        return apply(entry, request, transform(entry, request), read(servletRequest));
    }

    @PostMapping(path = "/{id}/compare", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Run the network and the exact operator on the same image (multipart field 'image')",
            description = "Answers JSON with both results as PNG data URLs, their PSNR (dB, null when identical) and "
                    + "SSIM, and the time of each step. Query parameters other than mode/format/quality set the exact "
                    + "operator's parameters.")
    ComparisonView compareMultipart(@PathVariable String id, @RequestPart("image") MultipartFile image,
            @Parameter(hidden = true) @RequestParam Map<String, String> query) throws IOException {
        return compare(find(id), query, read(image));
    }

    @PostMapping(path = "/{id}/compare", consumes = {"image/*", MediaType.APPLICATION_OCTET_STREAM_VALUE},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Run the network and the exact operator on the same image (raw body)")
    ComparisonView compareRaw(@PathVariable String id, @Parameter(hidden = true) @RequestParam Map<String, String> query,
            HttpServletRequest servletRequest) throws IOException {
        return compare(find(id), query, read(servletRequest));
    }

    private ComparisonView compare(OperatorEntry entry, Map<String, String> query, byte[] body) {
        Map<String, String> exactQuery = new LinkedHashMap<>(query);
        exactQuery.put("mode", "reference");
        String variant = exactQuery.remove("variant");
        Map<String, String> fastQuery = new LinkedHashMap<>(Map.of("mode", "model"));
        if (variant != null) {
            fastQuery.put("variant", variant);
        }
        ImageOperator exactTransform = transform(entry, ApplyRequest.parse(exactQuery, null));
        ImageOperator fastTransform = transform(entry, ApplyRequest.parse(fastQuery, null));
        ProcessingPipeline.Comparison comparison = metrics.timeApply(entry.info().id(), "compare",
                () -> pipeline.compare(body, fastTransform, exactTransform));
        return ComparisonView.of(entry, comparison, fastTransform.implementation().version());
    }

    private byte[] read(MultipartFile image) throws IOException {
        try (InputStream in = image.getInputStream()) {
            return BoundedInput.readAtMost(in, maxBytes());
        }
    }

    /** Reads a raw body, refusing at once when the declared length is already too large. */
    private byte[] read(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes()) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_MANY_BYTES,
                    "the request declares " + declared + " bytes; the limit is " + maxBytes());
        }
        try (InputStream in = request.getInputStream()) {
            return BoundedInput.readAtMost(in, maxBytes());
        }
    }

    private ResponseEntity<byte[]> apply(OperatorEntry entry, ApplyRequest request, ImageOperator transform,
            byte[] body) {
        String id = entry.info().id();
        OutputFormat format = request.format();
        int quality = request.quality() != null ? request.quality() : properties.limits().defaultQuality();
        ProcessedImage result = metrics.timeApply(id, request.modeName(),
                () -> pipeline.process(body, transform, format, quality));
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(format.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + id + "." + format.extension() + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Server-Timing", result.timings().serverTimingHeader())
                .header("X-Operator-Mode", request.modeName());
        if (request.mode() == ApplyRequest.Mode.MODEL) {
            answer.header("X-Model-Version", transform.implementation().version());
        }
        return answer.body(result.bytes());
    }

    private OperatorEntry find(String id) {
        return registry.find(id).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "unknown-operator",
                "Unknown operator", "no operator with id '" + abbreviate(id) + "'; GET /api/v1/operators lists them"));
    }

    /** Chooses the implementation; all parameter checks happen here, before the body is read. */
    private static ImageOperator transform(OperatorEntry entry, ApplyRequest request) {
        if (request.mode() == ApplyRequest.Mode.REFERENCE) {
            ParameterValues values = ParameterValues.resolve(entry.info().parameters(), request.operatorParameters());
            return entry.reference().withParameters(values);
        }
        if (!request.operatorParameters().isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                    "operator parameters (" + String.join(", ", request.operatorParameters().keySet())
                            + ") apply only to mode=reference; a trained model has its parameters built in");
        }
        NetworkVariants.Variant variant = entry.networks().choose(request.variant());
        if (variant.network() == null) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "operator-unavailable", "Operator unavailable",
                    variant.unavailableReason());
        }
        return variant.network();
    }

    private long maxBytes() {
        return properties.limits().maxBytes().toBytes();
    }

    static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
    }
}
