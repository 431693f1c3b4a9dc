package io.fastimage.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/** Durations of the steps of one request, in the order they ran; rendered as {@code Server-Timing}. */
public final class Timings {

    private final Map<String, Long> nanos = new LinkedHashMap<>();

    public synchronized void record(String step, long durationNanos) {
        nanos.merge(step, durationNanos, Long::sum);
    }

    public synchronized Map<String, Double> millis() {
        Map<String, Double> out = new LinkedHashMap<>();
        nanos.forEach((step, ns) -> out.put(step, ns / 1e6));
        return out;
    }

    /** {@code decode;dur=12.3, inference;dur=456.7, encode;dur=8.9} (RFC: W3C Server Timing). */
    public String serverTimingHeader() {
        StringBuilder header = new StringBuilder();
        millis().forEach((step, ms) -> {
            if (!header.isEmpty()) {
                header.append(", ");
            }
            header.append(step).append(";dur=").append(String.format(java.util.Locale.ROOT, "%.1f", ms));
        });
        return header.toString();
    }
}
