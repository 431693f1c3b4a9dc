package io.fastimage.training;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A one-line text progress bar: done/total, rate, elapsed time and ETA, plus a caller's detail (e.g. the
 * loss). On a terminal the line redraws in place; in a log file each report is its own line.
 */
public final class Progress {

    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final long deadlineNanos;
    private final boolean redraw = System.console() != null;

    public Progress(PrintStream out, String label, long total) {
        this(out, label, total, Long.MAX_VALUE);
    }

    /** A bar whose work also stops at {@code deadlineNanos} ({@link System#nanoTime()}), which caps the ETA. */
    Progress(PrintStream out, String label, long total, long deadlineNanos) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.deadlineNanos = deadlineNanos;
    }

    /** {@code done} of {@code total} finished since this bar started, with a detail to show. */
    public void report(long done, String unit, String detail) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        long remaining = rate > 0 ? Math.round((total - done) / rate) : -1;
        if (deadlineNanos != Long.MAX_VALUE) {
            long untilDeadline = Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000_000L);
            remaining = remaining < 0 ? untilDeadline : Math.min(remaining, untilDeadline);
        }
        int filled = (int) (BAR_WIDTH * Math.min(1.0, (double) done / Math.max(total, 1)));
        String line = String.format(Locale.ROOT, "%s [%s%s] %d/%d %.2f %s/s elapsed %s ETA %s %s", label,
                "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), done, total, rate, unit,
                clock(Math.round(seconds)), remaining < 0 ? "?" : clock(remaining), detail);
        if (redraw) {
            out.print("\r" + line);
            if (done >= total) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    public static String clock(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
