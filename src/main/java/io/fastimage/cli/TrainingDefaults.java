package io.fastimage.cli;

/** Defaults shared by the training commands: the corpus lives beside the repository, never inside it. */
final class TrainingDefaults {

    static final String CORPUS = "../corpus";
    static final String CACHE = "../corpus/pairs";
    static final String TRAINING_LONG_SIDES = "512,768,1024";
    /** 512 for the quick checks during training, 1024 for the accuracy recorded in the model card. */
    static final String VALIDATION_LONG_SIDES = "512,1024";

    private TrainingDefaults() {
    }
}
