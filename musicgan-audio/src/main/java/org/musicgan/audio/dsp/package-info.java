/**
 * Signal processing on plain {@code float[]}: band-limited resampling, STFT/ISTFT with
 * torch/librosa conventions (JTransforms underneath), Griffin-Lim phase reconstruction and window
 * functions.
 */
package org.musicgan.audio.dsp;
