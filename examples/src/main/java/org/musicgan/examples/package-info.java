/**
 * Runnable examples. Each is a {@code main} that delegates to a {@code runExample} method returning
 * its result, so that a test can run it with small settings.
 */
package org.musicgan.examples;
