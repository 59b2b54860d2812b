package org.musicgan.datasets.fma;

/**
 * One row of FMA's {@code genres.csv}.
 *
 * @param id genre id
 * @param tracks number of tracks whose genres_all contain it
 * @param parent parent genre id, 0 for a root
 * @param title genre name, e.g. {@code Old-Time / Historic}
 * @param topLevel the root genre's id
 */
public record FmaGenre(int id, int tracks, int parent, String title, int topLevel) {}
