/**
 * Audio as GAN tensors: {@link org.musicgan.audio.representation.AudioRepresentation} turns a
 * 4-second clip into a {@code float[channels][height][width]} tensor and back. The seed's three
 * representations (raw waveform, complex STFT image, magnitude + phase) and GANSynth's
 * log-magnitude + instantaneous frequency each come in a Stage I (64x64) and Stage II (256x256)
 * preset; see {@link org.musicgan.audio.representation.RepresentationPreset} for their geometry. A
 * {@link org.musicgan.audio.representation.Normalizer} maps tensors to [-1, 1] and back.
 */
package org.musicgan.audio.representation;
