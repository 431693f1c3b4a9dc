package io.fastimage.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterValuesTest {

    private static final List<ParameterSpec> SPECS = List.of(
            ParameterSpec.real("lambda", "smoothing weight", 0.01, 1e-4, 1),
            ParameterSpec.whole("iterations", "outer iterations", 4, 1, 20));

    @Test
    void defaultsApplyWhereNothingIsOverridden() {
        ParameterValues values = ParameterValues.resolve(SPECS, Map.of("iterations", "6"));
        assertThat(values.get("lambda")).isEqualTo(0.01);
        assertThat(values.getInt("iterations")).isEqualTo(6);
    }

    @Test
    void numbersAreWrittenInDecimalNotationAsPeopleWriteThem() {
        for (String text : new String[] {"0.02", " 0.02 ", "+0.02", ".02", "2e-2", "2E-2", "0.020"}) {
            assertThat(ParameterValues.resolve(SPECS, Map.of("lambda", text)).get("lambda")).as(text).isEqualTo(0.02);
        }
        // Java's literal forms and its names for the non-finite values are not numbers to a client.
        for (String text : new String[] {"0.02d", "0.02f", "0x1p-6", "NaN", "nan", "Infinity", "-Infinity", "1e", ".", "", "1,5"}) {
            assertThatThrownBy(() -> ParameterValues.resolve(SPECS, Map.of("lambda", text))).as(text)
                    .hasMessageContaining("'" + text + "' is not a number");
        }
        assertThatThrownBy(() -> ParameterValues.resolve(SPECS, Map.of("lambda", "1e309")))
                .hasMessageContaining("1e309 is out of range");
        // Messages show a value as given when it is too large for a double, else in plain decimals.
        assertThat(ParameterSpec.shown(ParameterSpec.parse(" 1e309").orElseThrow(), " 1e309")).isEqualTo("1e309");
        assertThat(ParameterSpec.shown(ParameterSpec.parse("2E-2").orElseThrow(), "2E-2")).isEqualTo("0.02");
    }

    @Test
    void rejectionsNameTheParameterAndItsRange() {
        assertThatThrownBy(() -> ParameterValues.resolve(SPECS, Map.of("lambda", "2")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("lambda"))
                .hasMessageContaining("lambda").hasMessageContaining("[0.0001, 1]");
        assertThatThrownBy(() -> ParameterValues.resolve(SPECS, Map.of("iterations", "2.5")))
                .hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> ParameterValues.resolve(SPECS, Map.of("lambda", "NaN"))).hasMessageContaining("lambda");
        assertThatThrownBy(() -> ParameterValues.resolve(SPECS, Map.of("lambda", "abc"))).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ParameterValues.resolve(SPECS, Map.of("sigma", "1")))
                .hasMessageContaining("unknown parameter 'sigma'").hasMessageContaining("lambda, iterations");
    }
}
