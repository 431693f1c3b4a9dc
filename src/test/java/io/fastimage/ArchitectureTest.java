package io.fastimage;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering stated in {@code io/fastimage/package-info.java}: packages only import downwards, with no cycles. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.fastimage");

    @Test
    void layersOnlyImportDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Application").definedBy("io.fastimage")
                .layer("Wiring").definedBy("io.fastimage.wiring..")
                .layer("Cli").definedBy("io.fastimage.cli..")
                .layer("Web").definedBy("io.fastimage.web..")
                .layer("Training").definedBy("io.fastimage.training..")
                .layer("Pipeline").definedBy("io.fastimage.pipeline..")
                .layer("Exact").definedBy("io.fastimage.operator.exact..")
                .layer("Neural").definedBy("io.fastimage.operator.neural..")
                .layer("Operator").definedBy("io.fastimage.operator")
                .layer("NetworkKinds").definedBy("io.fastimage.model.(*)..")
                .layer("Model").definedBy("io.fastimage.model")
                .layer("Codec").definedBy("io.fastimage.codec..")
                .layer("Image").definedBy("io.fastimage.image..")
                .whereLayer("Application").mayNotBeAccessedByAnyLayer()
                .whereLayer("Wiring").mayNotBeAccessedByAnyLayer()
                .whereLayer("Cli").mayOnlyBeAccessedByLayers("Application")
                .whereLayer("Web").mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Training").mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Pipeline").mayOnlyBeAccessedByLayers("Wiring", "Cli", "Web")
                .whereLayer("Exact").mayOnlyBeAccessedByLayers("Wiring", "Cli", "Web")
                .whereLayer("Neural").mayOnlyBeAccessedByLayers("Application", "Wiring", "Cli", "Web")
                .whereLayer("Operator").mayOnlyBeAccessedByLayers("Wiring", "Cli", "Web", "Training", "Pipeline", "Exact",
                        "Neural")
                // Only training (which trains CANs) and the commands that import or train name a kind; serving
                // finds kinds through the model package's registry.
                .whereLayer("NetworkKinds").mayOnlyBeAccessedByLayers("Cli", "Training")
                .whereLayer("Model").mayOnlyBeAccessedByLayers("Cli", "Web", "Training", "Neural", "Operator",
                        "NetworkKinds")
                .whereLayer("Codec").mayOnlyBeAccessedByLayers("Wiring", "Cli", "Web", "Training", "Pipeline")
                .check(MAIN);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.fastimage.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
