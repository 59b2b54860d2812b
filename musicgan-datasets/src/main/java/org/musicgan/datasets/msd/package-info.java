/**
 * Million Song Dataset metadata from its HDF5 song files and summary file, read with jHDF (pure
 * Java). See {@link org.musicgan.datasets.msd.MillionSongFile}.
 */
package org.musicgan.datasets.msd;
