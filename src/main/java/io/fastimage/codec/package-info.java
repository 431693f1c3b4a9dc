/**
 * Image files in and out: sniffing formats from magic bytes, reading declared sizes from headers (so the
 * byte and pixel limits refuse a decompression bomb before any pixel buffer exists), decoding with OpenCV
 * to upright 8-bit RGB plus an alpha plane (16-bit and grey converted, EXIF orientation applied), and
 * encoding results to PNG, JPEG or WebP. Plain Java; the web layer maps {@link io.fastimage.codec.ImageRejectedException}
 * reasons to HTTP statuses.
 */
package io.fastimage.codec;
