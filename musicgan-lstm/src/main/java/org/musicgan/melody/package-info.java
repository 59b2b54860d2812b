/**
 * Magenta's melody RNNs in Java. {@code events}: the note_seq data model (NoteSequence, Melody,
 * MIDI I/O, quantisation, melody extraction); {@code encoding}: the event encoders, bit-exact to
 * note_seq.
 */
package org.musicgan.melody;
