/**
 * The audio data type ({@link org.musicgan.audio.AudioClip}) and the error type shared by the audio
 * module. Sub-packages: {@code io} (WAV/MP3 files), {@code dsp} (resampling, STFT, Griffin-Lim),
 * {@code representation} (audio as GAN tensors), {@code render} (MIDI to audio), {@code plot}
 * (spectrogram pictures).
 */
package org.musicgan.audio;
