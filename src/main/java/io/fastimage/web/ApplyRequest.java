package io.fastimage.web;

import io.fastimage.codec.OutputFormat;
import io.fastimage.operator.SelfEnsemble;
import io.fastimage.pipeline.Mode;
import io.fastimage.pipeline.OperatorChoice;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The options of one apply call, parsed from the query string and the {@code Accept} header:
 * {@code mode}, {@code variant} (which network, null for the default; checked against the operator's
 * variants later), {@code ensemble} (the network's self-ensemble size, 1 when absent), {@code format},
 * {@code quality}; every other query parameter is an operator parameter (validated later against the
 * operator's declaration).
 */
record ApplyRequest(Mode mode, String variant, int ensemble, OutputFormat format, Integer quality,
                    Map<String, String> operatorParameters) {

    private static final Set<String> RESERVED = Set.of("mode", "variant", OperatorChoice.ENSEMBLE, "format", "quality");

    String modeName() {
        return mode.word();
    }

    static ApplyRequest parse(Map<String, String> query, String accept) {
        Mode mode = parseMode(query.get("mode"));
        String variant = query.get("variant");
        if (variant != null && mode != Mode.FAST) {
            throw badRequest("variant", "variant chooses a network; it applies only to mode=fast");
        }
        int ensemble = parseEnsemble(query.get(OperatorChoice.ENSEMBLE));
        OperatorChoice.requireEnsemble(mode, ensemble);
        OutputFormat format = query.containsKey("format") ? parseFormat(query.get("format")) : negotiate(accept);
        Integer quality = query.containsKey("quality") ? parseQuality(query.get("quality"), format) : null;
        Map<String, String> parameters = new LinkedHashMap<>(query);
        parameters.keySet().removeAll(RESERVED);
        return new ApplyRequest(mode, variant, ensemble, format, quality, parameters);
    }

    private static Mode parseMode(String text) {
        if (text == null) {
            return Mode.FAST;
        }
        return Mode.parse(text).orElseThrow(() -> badRequest("mode",
                "mode must be 'fast' (the trained network, default) or 'exact' (the exact operator)"));
    }

    private static int parseEnsemble(String text) {
        if (text == null) {
            return 1;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw badRequest(OperatorChoice.ENSEMBLE, "ensemble must be " + SelfEnsemble.sizesText() + ", got '" + text + "'");
        }
    }

    private static OutputFormat parseFormat(String text) {
        return OutputFormat.fromName(text)
                .orElseThrow(() -> badRequest("format", "format must be png, jpeg or webp"));
    }

    private static Integer parseQuality(String text, OutputFormat format) {
        int quality;
        try {
            quality = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw badRequest("quality", "quality must be a whole number from 1 to 100");
        }
        if (quality < 1 || quality > 100) {
            throw badRequest("quality", "quality must be a whole number from 1 to 100");
        }
        if (!format.lossy()) {
            throw badRequest("quality", "quality applies only to jpeg and webp output");
        }
        return quality;
    }

    /** The best image type of {@code Accept} we can produce; PNG when absent or a wildcard wins. */
    static OutputFormat negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return OutputFormat.PNG;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw badRequest("Accept", "the Accept header is not a valid media type list");
        }
        Optional<OutputFormat> chosen = types.stream()
                .filter(type -> type.getQualityValue() > 0)
                .sorted(Comparator.comparingDouble(MediaType::getQualityValue).reversed())
                .map(ApplyRequest::formatFor)
                .flatMap(Optional::stream)
                .findFirst();
        return chosen.orElseThrow(() -> new ApiException(HttpStatus.NOT_ACCEPTABLE, "not-acceptable",
                "Not acceptable", "results are image/png, image/jpeg or image/webp; the Accept header allows none of them"));
    }

    private static Optional<OutputFormat> formatFor(MediaType type) {
        if (type.isWildcardType() || (type.getType().equals("image") && type.isWildcardSubtype())) {
            return Optional.of(OutputFormat.PNG);
        }
        return OutputFormat.fromMediaType(type.getType() + "/" + type.getSubtype().toLowerCase(Locale.ROOT));
    }

    private static ApiException badRequest(String parameter, String detail) {
        ApiException e = new ApiException(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", detail);
        e.getBody().setProperty("parameter", parameter);
        return e;
    }
}
