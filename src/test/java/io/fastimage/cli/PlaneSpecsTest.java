package io.fastimage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fastimage.model.InputPlane;
import io.fastimage.model.InputPlanes;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaneSpecsTest {

    @Test
    void everyFormNamesItsPlanesInOrder() {
        InputPlanes planes = PlaneSpecs.parse(List.of("task:tv-l1", "procedural:pencil-texture",
                "parameter:lambda:0.2:2:log:0:1:0.5"), "--planes");

        assertThat(planes.extra()).containsExactly(new InputPlane.Task("tv-l1"),
                new InputPlane.Procedural("pencil-texture"),
                new InputPlane.Parameter("lambda", 0.2, 2, InputPlane.Scale.LOG, 0, 1, 0.5));
        assertThat(PlaneSpecs.parse(List.of("pencil-texture"), "--planes").extra())
                .containsExactly(new InputPlane.Procedural("pencil-texture"));
        assertThat(PlaneSpecs.parse(List.of("authors-combined"), "--plane").extra()).hasSize(10);
    }

    @Test
    void everyErrorNamesTheOptionAndTheSpec() {
        assertThatThrownBy(() -> PlaneSpecs.parse(List.of("parameter:lambda:0.2:2"), "--planes"))
                .hasMessageStartingWith("--planes parameter:lambda:0.2:2: expected parameter:<name>:<min>:<max>:");
        assertThatThrownBy(() -> PlaneSpecs.parse(List.of("parameter:lambda:2:0.2:log:0:1:0.5"), "--planes"))
                .hasMessageStartingWith("--planes parameter:lambda:2:0.2:log:0:1:0.5: ");
        assertThatThrownBy(() -> PlaneSpecs.parse(List.of("parameter:lambda:0.2:2:log:0:1:x"), "--plane"))
                .hasMessageStartingWith("--plane parameter:lambda:0.2:2:log:0:1:x: not a number");
        assertThatThrownBy(() -> PlaneSpecs.parse(List.of("task:"), "--planes")).hasMessageStartingWith("--planes task:: ");
        assertThatThrownBy(() -> PlaneSpecs.parse(List.of("task:a:b"), "--planes"))
                .hasMessageStartingWith("--planes task:a:b: expected task:<name>");
        assertThatThrownBy(() -> PlaneSpecs.parse(List.of("authors-combined:x"), "--plane"))
                .hasMessageContaining("authors-combined takes no name");
        assertThatThrownBy(() -> PlaneSpecs.parse(List.of("cubic:x"), "--planes"))
                .hasMessageContaining("expected task:, procedural:, parameter:");
        assertThatThrownBy(() -> PlaneSpecs.parse(List.of("pencil-texture", "pencil-texture"), "--planes"))
                .hasMessageStartingWith("--planes pencil-texture,pencil-texture: ").hasMessageContaining("given twice");
    }
}
