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
