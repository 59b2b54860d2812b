/**
 * MusicNet (Thickstun, Harchaoui and Kakade): 330 classical recordings with aligned note labels.
 * See {@link org.musicgan.datasets.musicnet.MusicNet} for the layout.
 */
package org.musicgan.datasets.musicnet;
