package io.fastimage.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** The training curve as a PNG: training-batch and validation PSNR against the step. */
final class TrainingCurve {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 400;
    private static final int MARGIN = 60;
    private static final Color TRAINING = new Color(0x1f77b4);
    private static final Color VALIDATION = new Color(0xd62728);

    private TrainingCurve() {
    }

    static byte[] png(String title, List<TrainingHistory.Point> points) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(title, MARGIN, 20);
        g.drawRect(MARGIN, MARGIN / 2, WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN);
        if (points.size() >= 1) {
            long maxStep = Math.max(1, points.get(points.size() - 1).step());
            double low = Math.floor(points.stream().mapToDouble(p -> Math.min(p.trainingPsnr(), p.validationPsnr())).min().orElse(0));
            double high = Math.ceil(points.stream().mapToDouble(p -> Math.max(p.trainingPsnr(), p.validationPsnr())).max().orElse(1));
            if (high <= low) {
                high = low + 1;
            }
            for (int i = 0; i <= 4; i++) {
                double value = low + (high - low) * i / 4;
                int y = y(value, low, high);
                g.setColor(Color.LIGHT_GRAY);
                g.drawLine(MARGIN, y, WIDTH - MARGIN, y);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%.1f dB", value), 5, y + 4);
            }
            g.drawString("0", MARGIN, HEIGHT - MARGIN + 30);
            g.drawString(maxStep + " steps", WIDTH - MARGIN - 60, HEIGHT - MARGIN + 30);
            plot(g, points, TrainingHistory.Point::trainingPsnr, TRAINING, maxStep, low, high);
            plot(g, points, TrainingHistory.Point::validationPsnr, VALIDATION, maxStep, low, high);
        }
        g.setColor(TRAINING);
        g.drawString("training batches (PSNR of the mean loss)", MARGIN, HEIGHT - 10);
        g.setColor(VALIDATION);
        g.drawString("validation photos at 512 px", MARGIN + 320, HEIGHT - 10);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a PNG to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static void plot(Graphics2D g, List<TrainingHistory.Point> points, ToDoubleFunction<TrainingHistory.Point> value,
                             Color color, long maxStep, double low, double high) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int previousX = -1;
        int previousY = -1;
        for (TrainingHistory.Point point : points) {
            int x = MARGIN + (int) ((WIDTH - 2 * MARGIN) * point.step() / (double) maxStep);
            int y = y(value.applyAsDouble(point), low, high);
            if (previousX >= 0) {
                g.drawLine(previousX, previousY, x, y);
            }
            g.fillOval(x - 2, y - 2, 4, 4);
            previousX = x;
            previousY = y;
        }
    }

    private static int y(double value, double low, double high) {
        return HEIGHT - MARGIN - (int) ((HEIGHT - 1.5 * MARGIN) * (value - low) / (high - low));
    }
}
