/**
 * Labelled audio made from MIDI with a SoundFont, for when no dataset can be downloaded: {@link
 * org.musicgan.datasets.synth.SingleNoteSet} renders single notes (pitch x instrument x velocity,
 * like NSynth) for measuring whether a conditional GAN obeys its condition.
 */
package org.musicgan.datasets.synth;
