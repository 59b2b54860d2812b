/** Test helpers shared with other modules through the musicgan-audio test-jar. */
package org.musicgan.audio.testing;
