/**
 * Reading and writing audio files. {@link org.musicgan.audio.io.AudioFiles} is the one entry point:
 * it detects the format from the bytes (WAV or MP3), decodes, and writes WAV atomically.
 */
package org.musicgan.audio.io;
