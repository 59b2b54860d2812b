/**
 * The note_seq data model, ported with its names: {@link org.musicgan.melody.events.NoteSequence},
 * {@link org.musicgan.melody.events.Melody}, quantisation, MIDI I/O and {@link
 * org.musicgan.melody.events.MelodyExtractor}.
 */
package org.musicgan.melody.events;
