package io.fastimage.model;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.Callable;

/**
 * libtorch records autograd graphs per thread, and DJL only switches recording off on the thread that
 * started the engine: a request thread would otherwise keep every activation of a forward pass alive
 * for a backward pass that never comes. Inference runs inside {@link #disabledDuring}, which restores the
 * thread's previous mode afterwards (a training thread keeps recording).
 */
public final class GradMode {

    private GradMode() {
    }

    static boolean isEnabled() {
        return JniUtils.isGradMode();
    }

    public static <T> T disabledDuring(Callable<T> work) throws Exception {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return work.call();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }
}
