/**
 * FMA, the Free Music Archive dataset (mdeff/fma): track metadata with genres, echonest tempo, and
 * MP3 clips. See {@link org.musicgan.datasets.fma.Fma} for the layout.
 */
package org.musicgan.datasets.fma;
