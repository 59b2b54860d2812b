/**
 * The web demo (the seed's product): pick a genre, a tempo and a name, generate, listen, see the
 * spectrogram and download, in the browser. {@link org.musicgan.web.WebDemo} is the server, {@link
 * org.musicgan.web.SongMaker} the generation behind it.
 */
package org.musicgan.web;
