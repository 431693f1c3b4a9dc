/**
 * The context aggregation network shared by inference and training: the DJL block, its architecture,
 * the {@code model.json} descriptor of a model directory, weight files, and the importer of the
 * authors' TensorFlow 1 checkpoints. No Spring types and no HTTP concerns here.
 */
package io.fastimage.model;
