/**
 * note_seq's event encoders, bit-exact: {@link org.musicgan.melody.encoding.MelodyOneHotEncoding}
 * (event ↔ class), and the sequence encoders {@link
 * org.musicgan.melody.encoding.OneHotEventSequenceEncoderDecoder} (basic_rnn), {@link
 * org.musicgan.melody.encoding.LookbackEventSequenceEncoderDecoder} (lookback_rnn) and {@link
 * org.musicgan.melody.encoding.KeyMelodyEncoderDecoder} (attention_rnn).
 */
package org.musicgan.melody.encoding;
