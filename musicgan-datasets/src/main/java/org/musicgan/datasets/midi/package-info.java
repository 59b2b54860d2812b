/**
 * MIDI collections: any folder tree of MIDI files ({@link org.musicgan.datasets.midi.MidiFolder},
 * which also reads genre and artist from "The MIDI Man"-style paths) and the Lakh MIDI Dataset's
 * matched subset ({@link org.musicgan.datasets.midi.LakhMidi}).
 */
package org.musicgan.datasets.midi;
