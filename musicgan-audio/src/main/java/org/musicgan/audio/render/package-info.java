/**
 * MIDI to audio: {@link org.musicgan.audio.render.MidiRenderer} renders a {@code
 * javax.sound.midi.Sequence} offline with the JDK's software synthesizer (Gervill) and a SoundFont.
 */
package org.musicgan.audio.render;
