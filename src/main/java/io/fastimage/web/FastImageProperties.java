package io.fastimage.web;

import io.fastimage.codec.DecodeLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Everything an operator of the service can set, with its default ({@code fastimage.*} in
 * application.yml, or environment variables such as {@code FASTIMAGE_LIMITS_MAX_PIXELS}).
 *
 * @param models the model repository directory, one sub-directory per operator id; read-only
 * @param device {@code auto} (GPU when DJL sees one), {@code cpu} or {@code gpu}
 * @param apiKey when set, the apply and compare endpoints require it in the {@code X-API-Key}
 *     header (or as {@code Authorization: Bearer}); health, metrics and the operator list stay open
 */
@ConfigurationProperties("fastimage")
@Validated
public record FastImageProperties(
        @NotNull @DefaultValue("models") Path models,
        @NotNull @Pattern(regexp = "auto|cpu|gpu") @DefaultValue("auto") String device,
        @Valid @NotNull @DefaultValue Limits limits,
        @DefaultValue("") String apiKey) {

    /**
     * Request limits, all checked before expensive work.
     *
     * @param maxBytes largest accepted upload (413 above it), counted while reading
     * @param maxPixels largest width × height, read from the image header (422 above it)
     * @param workers images processed at once; 0 means one per CPU core
     * @param queueCapacity images waiting for a worker before requests get 429; 0 means 4 per worker
     * @param requestTimeout time from arrival to result, queueing included (503 after it)
     * @param retryAfter the {@code Retry-After} suggested with 429 and timeout 503 answers, and while models load
     * @param defaultQuality quality of JPEG and WebP output when the request gives none
     * @param tilePixels images with more pixels run through the network in overlapping tiles of at most
     *     this many pixels, which bounds inference memory; a tile must hold the network's halo (CAN24: at
     *     least 320×320), else that network is unavailable with the reason
     */
    public record Limits(
            @NotNull @DefaultValue(DecodeLimits.DEFAULT_MAX_BYTES + "B") DataSize maxBytes,
            @Min(1) @DefaultValue("" + DecodeLimits.DEFAULT_MAX_PIXELS) long maxPixels,
            @Min(0) @Max(256) @DefaultValue("0") int workers,
            @Min(0) @Max(10000) @DefaultValue("0") int queueCapacity,
            @NotNull @DefaultValue("120s") Duration requestTimeout,
            @NotNull @DefaultValue("2s") Duration retryAfter,
            @Min(1) @Max(100) @DefaultValue("90") int defaultQuality,
            @Min(1) @DefaultValue("4194304") long tilePixels) {

        public int effectiveWorkers() {
            return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
        }

        public int effectiveQueueCapacity() {
            return queueCapacity > 0 ? queueCapacity : 4 * effectiveWorkers();
        }

        /** {@code retryAfter} as the header's whole seconds, at least 1. */
        public String retryAfterHeader() {
            return Long.toString(Math.max(1, retryAfter.toSeconds()));
        }
    }
}
