package io.fastimage.codec;

import static io.fastimage.codec.ImageDecoderTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.codec.ImageRejectedException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundedInputTest {

    /** A stream that never ends (a client that keeps sending), counting what was taken from it. */
    private static class EndlessStream extends InputStream {
        long delivered;

        @Override
        public int read() {
            delivered++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = Math.min(len, 1000); // arrives in small pieces, like a network
            delivered += n;
            return n;
        }
    }

    @Test
    void aBodyWithinTheLimitIsReadCompletely() throws IOException {
        byte[] body = new byte[300_001];
        new Random(3).nextBytes(body);
        assertThat(BoundedInput.readAtMost(new ByteArrayInputStream(body), 300_001)).isEqualTo(body);
        assertThat(BoundedInput.readAtMost(new ByteArrayInputStream(body), 10_000_000)).isEqualTo(body);
    }

    @Test
    void anEmptyBodyIsReadAsZeroBytes() throws IOException {
        assertThat(BoundedInput.readAtMost(InputStream.nullInputStream(), 100)).isEmpty();
    }

    @Test
    void oneByteTooManyIsRefused() {
        byte[] body = new byte[1001];
        assertRejected(() -> BoundedInput.readAtMost(new ByteArrayInputStream(body), 1000), Reason.TOO_MANY_BYTES);
    }

    @Test
    void anEndlessStreamIsRefusedAsSoonAsItPassesTheLimitAndNotReadFurther() {
        EndlessStream endless = new EndlessStream();
        ImageRejectedException refused = assertRejected(() -> BoundedInput.readAtMost(endless, 250_000), Reason.TOO_MANY_BYTES);
        assertThat(refused.getMessage()).contains("250000");
        assertThat(endless.delivered).isEqualTo(250_001);
    }

    @Test
    void aStreamThatLiesAboutItsLengthIsJudgedByWhatArrives() {
        // available() claims a tiny body, as a forged Content-Length would; the bytes keep coming.
        EndlessStream liar = new EndlessStream() {
            @Override
            public int available() {
                return 10;
            }
        };
        assertRejected(() -> BoundedInput.readAtMost(liar, 50_000), Reason.TOO_MANY_BYTES);
        assertThat(liar.delivered).isEqualTo(50_001);
    }

    @Test
    void aZeroLimitRefusesAnyByte() throws IOException {
        assertThat(BoundedInput.readAtMost(InputStream.nullInputStream(), 0)).isEmpty();
        assertRejected(() -> BoundedInput.readAtMost(new ByteArrayInputStream(new byte[1]), 0), Reason.TOO_MANY_BYTES);
    }

    @Test
    void aHugeLimitDoesNotReserveMemoryUpFront() throws IOException {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        assertThat(BoundedInput.readAtMost(new ByteArrayInputStream(new byte[10]), 1L << 40)).hasSize(10);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).isLessThan(1 << 20);
    }
}
