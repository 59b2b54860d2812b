/**
 * GAN training batches: {@link org.musicgan.datasets.batch.ConditionalAudioIterator} turns labelled
 * audio examples into DL4J batches of (normalised representation tensor, condition vector), with an
 * on-disk cache of encoded tensors.
 */
package org.musicgan.datasets.batch;
