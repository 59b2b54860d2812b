/**
 * The melody RNN: one model class with named configurations (basic_rnn, mono_rnn, lookback_rnn),
 * the training-data pipeline, training and generation, as Magenta's {@code melody_rnn}.
 */
package org.musicgan.melody.rnn;
