package io.fastimage.pipeline;

/** Every worker is busy and the queue in front of them is full: the client should retry later. */
public class QueueFullException extends RuntimeException {

    public QueueFullException(int capacity) {
        super("all workers are busy and the queue of " + capacity + " waiting images is full; retry shortly");
    }
}
