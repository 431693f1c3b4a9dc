/**
 * Image files in and out: sniffing formats from magic bytes, reading declared sizes from headers (so the
 * byte, pixel and side limits refuse a decompression bomb before any pixel buffer exists), decoding with OpenCV
 * to upright 8-bit sRGB plus a straight-alpha plane (16-bit and grey converted, EXIF orientation applied, embedded
 * colour profiles converted, every format's alpha convention made straight, the first frame of animations), the
 * colour under fully transparent pixels, and encoding results to PNG, JPEG or WebP. Plain Java; the web layer maps {@link io.fastimage.codec.ImageRejectedException}
 * reasons to HTTP statuses.
 */
package io.fastimage.codec;
