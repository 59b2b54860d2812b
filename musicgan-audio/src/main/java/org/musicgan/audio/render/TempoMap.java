package org.musicgan.audio.render;

import java.util.Map;
import java.util.TreeMap;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.Track;

/**
 * Converts MIDI ticks to time, following every set-tempo event of every track (120 qpm until the
 * first one). SMPTE-timed sequences have a fixed tick length. Immutable.
 */
public final class TempoMap {
  private final double resolution;
  private final double smpteMicrosPerTick;
  private final TreeMap<Long, Double> microsPerQuarter = new TreeMap<>();

  private TempoMap(Sequence seq) {
    this.resolution = seq.getResolution();
    float division = seq.getDivisionType();
    this.smpteMicrosPerTick = division == Sequence.PPQ ? 0 : 1e6 / (division * seq.getResolution());
    for (Track t : seq.getTracks()) {
      for (int i = 0; i < t.size(); i++) {
        MidiEvent e = t.get(i);
        if (e.getMessage() instanceof MetaMessage m
            && m.getType() == 0x51
            && m.getData().length == 3) {
          byte[] d = m.getData();
          int mpq = ((d[0] & 0xFF) << 16) | ((d[1] & 0xFF) << 8) | (d[2] & 0xFF);
          if (mpq > 0) {
            microsPerQuarter.put(e.getTick(), (double) mpq);
          }
        }
      }
    }
  }

  /** The tempo map of a sequence. */
  public static TempoMap of(Sequence sequence) {
    if (sequence.getResolution() <= 0) {
      throw new IllegalArgumentException(
          "sequence resolution must be > 0, found " + sequence.getResolution());
    }
    return new TempoMap(sequence);
  }

  /** Microseconds from the start to {@code tick}. */
  public double microseconds(long tick) {
    if (smpteMicrosPerTick > 0) {
      return tick * smpteMicrosPerTick;
    }
    double micros = 0;
    long last = 0;
    double mpq = 500_000;
    for (Map.Entry<Long, Double> c : microsPerQuarter.headMap(tick, true).entrySet()) {
      micros += (c.getKey() - last) * mpq / resolution;
      last = c.getKey();
      mpq = c.getValue();
    }
    return micros + (tick - last) * mpq / resolution;
  }

  /** Seconds from the start to {@code tick}. */
  public double seconds(long tick) {
    return microseconds(tick) / 1e6;
  }

  /** The set-tempo marks: tick to microseconds per quarter note. */
  public Map<Long, Double> tempoChanges() {
    return java.util.Collections.unmodifiableMap(microsPerQuarter);
  }
}
