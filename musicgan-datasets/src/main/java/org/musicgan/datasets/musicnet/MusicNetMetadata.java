package org.musicgan.datasets.musicnet;

/**
 * One row of {@code musicnet_metadata.csv}.
 *
 * @param id recording id
 * @param composer composer surname (ASCII, e.g. {@code Dvorak})
 * @param composition the work
 * @param movement the movement
 * @param ensemble e.g. {@code Solo Piano}, {@code String Quartet}
 * @param source performer or archive
 * @param transcriber where the MIDI came from
 * @param catalogName e.g. {@code BWV1006}
 * @param seconds duration in whole seconds
 */
public record MusicNetMetadata(
    int id,
    String composer,
    String composition,
    String movement,
    String ensemble,
    String source,
    String transcriber,
    String catalogName,
    int seconds) {}
