/**
 * The {@code musicgan} command line (picocli): {@code generate}, {@code train-melody}, {@code
 * evaluate}, {@code render}, {@code spectrogram} and {@code dataset inspect}, each with {@code
 * --help}; user mistakes end with one line on stderr and a non-zero exit code.
 */
package org.musicgan.cli;
