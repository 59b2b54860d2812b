/**
 * Dataset loaders for MusicGAN. Each dataset lives in its own package with a class that documents
 * the folder layout it expects; bad files and rows raise {@link
 * org.musicgan.datasets.DatasetFormatException} naming the file and line.
 */
package org.musicgan.datasets;
