/**
 * The deep guided filter network kind ({@code architecture.type} {@value io.fastimage.model.guided.GuidedFilterKind#TYPE}):
 * a context aggregation network run on a low-resolution copy of the photo, whose result is brought back to full
 * resolution by a trainable guided filtering layer (Wu, Zheng, Zhang, Huang, "Fast End-to-End Trainable Guided
 * Filter", CVPR 2018). One DJL block trains end to end with the loss at full resolution; serving runs the
 * low-resolution part in DJL and the full-resolution stage in plain Java, row by row.
 *
 * <p>Layer: a network kind, beside {@code model.can} (whose CAN it reuses); found by serving only through
 * {@code META-INF/services/io.fastimage.model.NetworkKind}.
 */
package io.fastimage.model.guided;
