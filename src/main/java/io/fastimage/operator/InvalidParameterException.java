package io.fastimage.operator;

/** A caller supplied an unknown parameter or a value outside its range; the message is safe to show. */
public class InvalidParameterException extends RuntimeException {

    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
