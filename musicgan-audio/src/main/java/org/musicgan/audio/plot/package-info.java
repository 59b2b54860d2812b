/**
 * Spectrogram pictures (PNG) of clips and representation tensors, drawn with JFreeChart: time and
 * frequency axes and a colour bar, in linear or decibel scale.
 */
package org.musicgan.audio.plot;
