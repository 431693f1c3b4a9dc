package io.fastimage.web;

import io.fastimage.codec.BoundedInput;
import io.fastimage.codec.ImageRejectedException;
import io.fastimage.codec.OutputFormat;
import io.fastimage.operator.ImageOperator;
import io.fastimage.operator.InvalidParameterException;
import io.fastimage.operator.OperatorRegistry;
import io.fastimage.operator.OperatorRegistry.OperatorEntry;
import io.fastimage.pipeline.OperatorChoice;
import io.fastimage.pipeline.Mode;
import io.fastimage.pipeline.OperatorUnavailableException;
import io.fastimage.pipeline.ProcessedImage;
import io.fastimage.pipeline.ProcessingPipeline;
import io.fastimage.pipeline.WorkerPool;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

/** The operators API, version 1: list operators, describe one, apply one to an image. */
@RestController
@RequestMapping("/api/v1/operators")
@Tag(name = "operators", description = "Photo operators: trained networks (fast) and exact reference implementations")
class OperatorController {

    /** The multipart field that carries the upload. */
    static final String IMAGE_PART = "image";

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
            description = "Query: mode (fast|exact; the deprecated model|reference still work), variant (which network), "
                    + "ensemble (1|2|4|8: average the network over that many flips and turns of the photo, each one more "
                    + "inference), format (png|jpeg|webp), quality (1-100), and the operator's parameters by name (mode=exact: any; mode=fast: those the "
                    + "variant lists under 'parameters', within its trained range). Answers the processed "
                    + "image, same width and height, with Server-Timing (queue, decode, inference|exact, encode).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = ImageUpload.class))))
    ResponseEntity<byte[]> applyMultipart(@PathVariable String id,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletRequest servletRequest) throws IOException {
        return apply(id, query(servletRequest), accept, () -> readPart(servletRequest));
    }

    @PostMapping(path = "/{id}/apply", consumes = {"image/*", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @Operation(summary = "Apply an operator to an image sent as the raw request body (Content-Type image/*)")
    ResponseEntity<byte[]> applyRaw(@PathVariable String id,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletRequest servletRequest) throws IOException {
        return apply(id, query(servletRequest), accept, () -> readBody(servletRequest));
    }

    @PostMapping(path = "/{id}/compare", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Run the network and the exact operator on the same image (multipart field 'image')",
            description = "Answers JSON with both results as PNG data URLs, their PSNR (dB, null when identical) and "
                    + "SSIM, and the time of each step. variant and ensemble choose the network; mode, format and quality are "
                    + "refused (400), since compare fixes them; other query parameters are the operator's, given to both.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = ImageUpload.class))))
    ComparisonView compareMultipart(@PathVariable String id, HttpServletRequest servletRequest) throws IOException {
        return compare(id, query(servletRequest), () -> readPart(servletRequest));
    }

    @PostMapping(path = "/{id}/compare", consumes = {"image/*", MediaType.APPLICATION_OCTET_STREAM_VALUE},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Run the network and the exact operator on the same image (raw body)")
    ComparisonView compareRaw(@PathVariable String id, HttpServletRequest servletRequest) throws IOException {
        return compare(id, query(servletRequest), () -> readBody(servletRequest));
    }

    /** The multipart request body, for the API documentation. */
    record ImageUpload(@Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED) String image) {
    }

    /** Reads the upload; called only once a queue place is held. */
    private interface Upload {
        byte[] read() throws IOException;
    }

    /*
     * Order of checks, cheapest first: options (400), operator (404), model (503), a queue place (429),
     * and only then the upload is read (413), sniffed (415) and its header checked (422). A full queue
     * therefore costs neither reading nor parsing the body, however fast a client resends.
     */

    private ResponseEntity<byte[]> apply(String id, Map<String, String> query, String accept, Upload upload)
            throws IOException {
        ApplyRequest request = ApplyRequest.parse(query, accept);
        OperatorEntry entry = find(id);
        ImageOperator transform = transform(entry, request);
        OutputFormat format = request.format();
        int quality = request.quality() != null ? request.quality() : properties.limits().defaultQuality();
        ProcessedImage result = metrics.timeApply(id, request.modeName(), () -> {
            try (WorkerPool.Admission place = pipeline.admit()) {
                return pipeline.process(place, upload.read(), transform, format, quality);
            }
        });
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(format.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + id + "." + format.extension() + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Server-Timing", result.timings().serverTimingHeader())
                .header("X-Operator-Mode", request.modeName());
        if (request.mode() == Mode.FAST) {
            answer.header("X-Model-Version", transform.implementation().version());
            answer.header("X-Model-Variant", entry.networks().choose(request.variant()).name());
            answer.header("X-Model-Ensemble", Integer.toString(request.ensemble()));
        }
        return answer.body(result.bytes());
    }

    /**
     * One request run in both modes: the operator's parameters go to the exact operator and to the network alike
     * (a network that does not take one, or a value outside its trained range, is a 400 as in {@code apply}), so
     * the agreement is measured at the same settings; the variant and the ensemble only to the network. {@code mode},
     * {@code format} and {@code quality} are refused (400): compare fixes all three.
     */
    private ComparisonView compare(String id, Map<String, String> query, Upload upload) throws IOException {
        // Silently overriding them would answer something other than what was asked for.
        for (String applyOnly : List.of("mode", "format", "quality")) {
            if (query.containsKey(applyOnly)) {
                throw new InvalidParameterException(applyOnly, "compare runs both modes and answers both results as "
                        + "PNG in JSON; '" + applyOnly + "' applies to apply only");
            }
        }
        OperatorEntry entry = find(id);
        Map<String, String> exactQuery = new LinkedHashMap<>(query);
        exactQuery.put("mode", Mode.EXACT.word());
        exactQuery.remove("variant");
        exactQuery.remove(OperatorChoice.ENSEMBLE);
        Map<String, String> fastQuery = new LinkedHashMap<>(query);
        fastQuery.put("mode", Mode.FAST.word());
        ImageOperator exactTransform = transform(entry, ApplyRequest.parse(exactQuery, null));
        ApplyRequest fast = ApplyRequest.parse(fastQuery, null);
        ImageOperator fastTransform = transform(entry, fast);
        ProcessingPipeline.Comparison comparison = metrics.timeApply(entry.info().id(), "compare", () -> {
            try (WorkerPool.Admission place = pipeline.admit()) {
                return pipeline.compare(place, upload.read(), fastTransform, exactTransform);
            }
        });
        return ComparisonView.of(entry, comparison, fastTransform.implementation().version(),
                entry.networks().choose(fast.variant()).name(), fast.ensemble());
    }

    /**
     * The query string's parameters, each given once (a repeated one is a 400: which value was meant is not
     * ours to guess). Not {@code getParameterMap}: for a multipart request the servlet container would parse the
     * whole body to find form fields.
     */
    private static Map<String, String> query(HttpServletRequest request) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = request.getQueryString();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (query.putIfAbsent(name, value) != null) {
                throw new InvalidParameterException(name,
                        "parameter '" + name + "' is given more than once; give each parameter once");
            }
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                    "the query string is not valid percent-encoding");
        }
    }

    /**
     * The multipart field {@code image}, with or without a filename (a part without one is still the upload;
     * Spring's {@code MultipartFile} would only see parts that have one). Read only now, after the queue
     * place was taken: multipart bodies are resolved lazily.
     */
    private byte[] readPart(HttpServletRequest request) throws IOException {
        MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        Part image = null;
        if (multipart != null) {
            // Spring parses the body here, turning a broken one into a MultipartException (400, 413).
            multipart.getMultiFileMap();
            try {
                List<Part> images = request.getParts().stream()
                        .filter(part -> IMAGE_PART.equals(part.getName())).toList();
                if (images.size() > 1) {
                    // Which one was meant is not ours to guess, as with a repeated query parameter.
                    throw new ApiException(HttpStatus.BAD_REQUEST, "duplicate-part", "Duplicate part", "the multipart body "
                            + "has " + images.size() + " parts named '" + IMAGE_PART + "'; send one image per request");
                }
                image = images.isEmpty() ? null : images.get(0);
            } catch (ServletException e) {
                throw new MultipartException("the multipart body cannot be parsed", e);
            }
        }
        if (image == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "missing-part", "Missing part",
                    "send the image as multipart field '" + IMAGE_PART + "', or as the raw request body");
        }
        try (InputStream in = image.getInputStream()) {
            return BoundedInput.readAtMost(in, maxBytes());
        }
    }

    /** Reads a raw body, refusing at once when the declared length is already too large. */
    private byte[] readBody(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes()) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_MANY_BYTES,
                    "the request declares " + declared + " bytes; the limit is " + maxBytes());
        }
        try (InputStream in = request.getInputStream()) {
            return BoundedInput.readAtMost(in, maxBytes());
        } catch (IOException cutShortOrTimedOut) {
            throw ProblemTypes.unreadableBody(cutShortOrTimedOut);
        }
    }

    private OperatorEntry find(String id) {
        return registry.find(id).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "unknown-operator",
                "Unknown operator", "no operator with id '" + abbreviate(id) + "'; GET /api/v1/operators lists them"));
    }

    /** Chooses the implementation; all option checks happen here, before the body is read. */
    private ImageOperator transform(OperatorEntry entry, ApplyRequest request) {
        try {
            return OperatorChoice.forMode(entry, request.mode(), request.variant(), request.ensemble(),
                    request.operatorParameters());
        } catch (OperatorUnavailableException e) {
            ApiException unavailable = new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "operator-unavailable",
                    "Operator unavailable", e.getMessage());
            if (!registry.modelsReady()) {
                // Loading ends by itself: a client may retry, as after a 429 (a missing model does not come back so).
                unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, properties.limits().retryAfterHeader());
            }
            throw unavailable;
        }
    }

    private long maxBytes() {
        return properties.limits().maxBytes().toBytes();
    }

    /**
     * {@code text} for a message: control and formatting characters (bidirectional overrides too) as '?', at most 64
     * code points.
     */
    static String abbreviate(String text) {
        String printable = text.replaceAll("[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Cn}]", "?");
        return printable.codePointCount(0, printable.length()) <= 64 ? printable
                : printable.substring(0, printable.offsetByCodePoints(0, 64)) + "...";
    }
}
