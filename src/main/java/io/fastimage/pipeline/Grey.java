package io.fastimage.pipeline;

import io.fastimage.image.Rgb8Image;

/** Keeps grey images grey through a transform: a grey input's result is made grey by averaging its channels. */
final class Grey {

    private Grey() {
    }

    /** Whether every pixel has equal red, green and blue. */
    static boolean isGrey(Rgb8Image image) {
        byte[] px = image.pixels();
        for (int i = 0; i < px.length; i += 3) {
            if (px[i] != px[i + 1] || px[i] != px[i + 2]) {
                return false;
            }
        }
        return true;
    }

    /** Each pixel's three channels replaced by their mean, rounded to nearest; the image itself when already grey. */
    static Rgb8Image averageChannels(Rgb8Image image) {
        if (isGrey(image)) {
            return image;
        }
        byte[] px = image.pixels();
        byte[] out = new byte[px.length];
        for (int i = 0; i < px.length; i += 3) {
            int sum = (px[i] & 0xFF) + (px[i + 1] & 0xFF) + (px[i + 2] & 0xFF);
            out[i] = out[i + 1] = out[i + 2] = (byte) ((sum + 1) / 3);
        }
        return new Rgb8Image(image.width(), image.height(), out);
    }
}
