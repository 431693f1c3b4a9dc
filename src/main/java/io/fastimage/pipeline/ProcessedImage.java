package io.fastimage.pipeline;

import io.fastimage.codec.OutputFormat;

/** The encoded result of one request and how long each step took. */
public record ProcessedImage(byte[] bytes, OutputFormat format, int width, int height, Timings timings) {
}
