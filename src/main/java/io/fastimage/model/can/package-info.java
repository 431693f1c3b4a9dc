/**
 * The context aggregation network (Chen, Xu, Koltun, ICCV 2017), the first network kind: its architecture,
 * its DJL block, its section of {@code model.json} ({@link io.fastimage.model.can.CanKind}), and the importer of
 * the authors' TensorFlow 1 checkpoints. Only this package (and the CAN trainer, which trains this kind) knows
 * what a CAN is.
 *
 * <p>Layer: a network kind, directly above {@code model}.
 */
package io.fastimage.model.can;
