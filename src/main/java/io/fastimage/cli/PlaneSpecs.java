package io.fastimage.cli;

import io.fastimage.model.InputPlane;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.can.TfCheckpointImporter;
import java.util.ArrayList;
import java.util.List;

/**
 * Input planes after the colour as the command line names them ({@code import-tf-checkpoint --plane},
 * {@code train --planes}): {@code task:<operator-id>} (one-hot task plane), {@code procedural:<name>} or a bare
 * procedural name ({@code pencil-texture}), {@code parameter:<name>:<min>:<max>:<linear|log>:<plane at min>:<plane
 * at max>:<default>}, or the preset {@code authors-combined} (the ten task planes of the authors' combined CAN32,
 * in their order).
 */
final class PlaneSpecs {

    private PlaneSpecs() {
    }

    /**
     * The planes {@code specs} name, in order.
     *
     * @param option the option's name, for messages
     * @throws IllegalArgumentException naming the option and the spec: a spec of none of these forms, a plane given
     *                                  twice, or a plane the model could not declare (bad name, range or default)
     */
    static InputPlanes parse(List<String> specs, String option) {
        List<InputPlane> extra = new ArrayList<>();
        for (String spec : specs) {
            try {
                add(spec, option, extra);
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(option) ? e
                        : new IllegalArgumentException(option + " " + spec + ": " + e.getMessage(), e);
            }
        }
        try {
            return new InputPlanes(extra);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + String.join(",", specs) + ": " + e.getMessage(), e);
        }
    }

    private static void add(String spec, String option, List<InputPlane> extra) {
        String[] parts = spec.split(":", -1);
        switch (parts[0]) {
            case "authors-combined" -> {
                if (parts.length != 1) {
                    throw new IllegalArgumentException(option + " " + spec + ": authors-combined takes no name");
                }
                TfCheckpointImporter.AUTHORS_COMBINED_TASKS.forEach(t -> extra.add(new InputPlane.Task(t)));
            }
            case "task" -> extra.add(new InputPlane.Task(part(parts, spec, option)));
            case "procedural" -> extra.add(new InputPlane.Procedural(part(parts, spec, option)));
            case "parameter" -> extra.add(parameter(parts, spec, option));
            default -> {
                if (parts.length != 1) {
                    throw new IllegalArgumentException(option + " " + spec
                            + ": expected task:, procedural:, parameter:, authors-combined or a procedural plane's name");
                }
                extra.add(new InputPlane.Procedural(spec));
            }
        }
    }

    private static InputPlane.Parameter parameter(String[] parts, String spec, String option) {
        if (parts.length != 8) {
            throw new IllegalArgumentException(option + " " + spec + ": expected parameter:<name>:<min>:<max>:"
                    + "<linear|log>:<plane at min>:<plane at max>:<default>");
        }
        InputPlane.Scale scale = switch (parts[4]) {
            case "linear" -> InputPlane.Scale.LINEAR;
            case "log" -> InputPlane.Scale.LOG;
            default -> throw new IllegalArgumentException(option + " " + spec + ": scale must be linear or log");
        };
        try {
            return new InputPlane.Parameter(parts[1], Double.parseDouble(parts[2]), Double.parseDouble(parts[3]), scale,
                    Double.parseDouble(parts[5]), Double.parseDouble(parts[6]), Double.parseDouble(parts[7]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + spec + ": not a number: " + e.getMessage(), e);
        }
    }

    private static String part(String[] parts, String spec, String option) {
        if (parts.length != 2) {
            throw new IllegalArgumentException(option + " " + spec + ": expected " + parts[0] + ":<name>");
        }
        return parts[1];
    }
}
