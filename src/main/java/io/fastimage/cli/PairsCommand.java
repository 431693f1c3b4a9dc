package io.fastimage.cli;

import io.fastimage.image.OpenCv;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.training.Corpus;
import io.fastimage.training.PairCache;
import io.fastimage.training.PairGenerator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pairs}: computes (or finds cached) the training and validation pairs of the corpus. */
@Command(name = "pairs", mixinStandardHelpOptions = true,
        description = "Compute the reference targets of the corpus photos at several resolutions into the pair cache "
                + "(resumable: cached pairs are skipped).")
final class PairsCommand implements Callable<Integer> {

    @Option(names = "--corpus", defaultValue = TrainingDefaults.CORPUS, description = "corpus directory (default ${DEFAULT-VALUE})")
    Path corpus;

    @Option(names = "--cache", defaultValue = TrainingDefaults.CACHE, description = "pair cache directory (default ${DEFAULT-VALUE})")
    Path cache;

    @Option(names = "--operators", split = ",", description = "operator ids (default: all)")
    List<String> operators;

    @Option(names = "--long-sides", split = ",", defaultValue = TrainingDefaults.TRAINING_LONG_SIDES,
            description = "long sides of the training pairs in pixels (default ${DEFAULT-VALUE})")
    List<Integer> longSides;

    @Option(names = "--validation-long-sides", split = ",", defaultValue = TrainingDefaults.VALIDATION_LONG_SIDES,
            description = "long sides of the validation pairs (default ${DEFAULT-VALUE})")
    List<Integer> validationLongSides;

    @Option(names = "--threads", description = "reference operators run at once (default: the number of cores)")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        OpenCv.ensureLoaded();
        Corpus photos = Corpus.read(corpus);
        List<ReferenceOperator> selected = CliSupport.referenceOperators(operators);
        PairGenerator generator = new PairGenerator(new PairCache(cache),
                threads == null ? Runtime.getRuntime().availableProcessors() : threads, System.out);
        int computed = generator.generate(photos.validation(), validationLongSides, selected);
        computed += generator.generate(photos.training(), longSides, selected);
        System.out.printf("%d pairs computed, the rest were cached in %s%n", computed, cache);
        return 0;
    }
}
