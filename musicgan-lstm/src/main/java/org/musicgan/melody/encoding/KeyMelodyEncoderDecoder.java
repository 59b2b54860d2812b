package org.musicgan.melody.encoding;

import static org.musicgan.melody.events.MelodyConstants.MELODY_NOTE_OFF;
import static org.musicgan.melody.events.MelodyConstants.MELODY_NO_EVENT;
import static org.musicgan.melody.events.MelodyConstants.NOTES_PER_OCTAVE;

import java.util.ArrayList;
import java.util.List;
import org.musicgan.melody.events.Melody;
import org.musicgan.melody.events.MelodyConstants;

/**
 * attention_rnn's encoder (note_seq's {@code KeyMelodyEncoderDecoder}): 74 inputs and 40 classes
 * for pitches 48..83. Inputs: current pitch one-hot, note/silence, attack, ascending (±1), repeat
 * flags, 7 binary counters, start-of-bar, and two multi-hot key estimates (whole melody so far,
 * last three distinct notes). Classes: pitches first, then no-event, note-off and the look-back
 * repeats.
 */
public final class KeyMelodyEncoderDecoder extends EventSequenceEncoderDecoder {
  private final int minNote;
  private final int noteRange;
  private final int[] lookbacks;
  private final int bits;

  /** With look-backs 16 and 32 and 7 counter bits, as attention_rnn. */
  public KeyMelodyEncoderDecoder(int minNote, int maxNote) {
    this(minNote, maxNote, LookbackEventSequenceEncoderDecoder.DEFAULT_LOOKBACK_DISTANCES, 7);
  }

  /** Creates the encoder. */
  public KeyMelodyEncoderDecoder(
      int minNote, int maxNote, int[] lookbackDistances, int binaryCounterBits) {
    if (maxNote <= minNote) {
      throw new IllegalArgumentException("maxNote must be > minNote");
    }
    this.minNote = minNote;
    this.noteRange = maxNote - minNote;
    this.lookbacks = lookbackDistances.clone();
    this.bits = binaryCounterBits;
  }

  @Override
  public int inputSize() {
    return noteRange + 2 + 1 + 1 + lookbacks.length + bits + 1 + 2 * NOTES_PER_OCTAVE;
  }

  @Override
  public int numClasses() {
    return noteRange + 2 + lookbacks.length;
  }

  @Override
  public int defaultEventLabel() {
    return noteRange;
  }

  @Override
  public float[] eventsToInput(Melody events, int position) {
    int[] prefix = new int[position + 1];
    for (int i = 0; i <= position; i++) {
      prefix[i] = events.get(i);
    }
    Melody sub = new Melody(prefix); // leading note-offs become no-events, as in note_seq
    Integer currentNote = null;
    boolean isAttack = false;
    Boolean isAscending = null;
    List<Integer> last3 = new ArrayList<>(3);
    for (int note : sub.events()) {
      if (note == MELODY_NO_EVENT) {
        isAttack = false;
      } else if (note == MELODY_NOTE_OFF) {
        currentNote = null;
      } else {
        isAttack = true;
        currentNote = note;
        if (!last3.isEmpty()) {
          int previous = last3.get(last3.size() - 1);
          if (note > previous) {
            isAscending = true;
          }
          if (note < previous) {
            isAscending = false;
          }
        }
        last3.remove(Integer.valueOf(note));
        last3.add(note);
        if (last3.size() > 3) {
          last3.remove(0);
        }
      }
    }
    float[] input = new float[inputSize()];
    int offset = 0;
    if (currentNote != null && currentNote != 0) { // Python truthiness: pitch 0 counts as silence
      input[currentNote - minNote] = 1f;
      input[noteRange] = 1f;
    } else {
      input[noteRange + 1] = 1f;
    }
    offset += noteRange + 2;
    if (isAttack) {
      input[offset] = 1f;
    }
    offset++;
    if (isAscending != null) {
      input[offset] = isAscending ? 1f : -1f;
    }
    offset++;
    for (int d : lookbacks) {
      int p = position - d;
      if (p >= 0 && events.get(position) == events.get(p)) {
        input[offset] = 1f;
      }
      offset++;
    }
    int n = sub.length();
    for (int i = 0; i < bits; i++) {
      input[offset++] = ((n >> i) & 1) == 1 ? 1f : -1f;
    }
    if (n % MelodyConstants.DEFAULT_STEPS_PER_BAR == 0) {
      input[offset] = 1f;
    }
    offset++;
    offset = keyMultiHot(sub.getMajorKeyHistogram(), input, offset);
    int[] recent = new int[last3.size()];
    for (int i = 0; i < recent.length; i++) {
      recent[i] = last3.get(i);
    }
    keyMultiHot(new Melody(recent).getMajorKeyHistogram(), input, offset);
    return input;
  }

  private static int keyMultiHot(int[] histogram, float[] input, int offset) {
    int max = Integer.MIN_VALUE;
    for (int v : histogram) {
      max = Math.max(max, v);
    }
    for (int v : histogram) {
      if (v == max) {
        input[offset] = 1f;
      }
      offset++;
    }
    return offset;
  }

  @Override
  public int eventsToLabel(Melody events, int position) {
    int event = events.get(position);
    if (position < lookbacks[lookbacks.length - 1] && event == MELODY_NO_EVENT) {
      return noteRange + lookbacks.length + 1;
    }
    for (int i = lookbacks.length - 1; i >= 0; i--) {
      int p = position - lookbacks[i];
      if (p >= 0 && event == events.get(p)) {
        return noteRange + 2 + i;
      }
    }
    if (event == MELODY_NOTE_OFF) {
      return noteRange + 1;
    }
    if (event == MELODY_NO_EVENT) {
      return noteRange;
    }
    return event - minNote;
  }

  @Override
  public int classIndexToEvent(int classIndex, Melody events) {
    for (int i = lookbacks.length - 1; i >= 0; i--) {
      if (classIndex == noteRange + 2 + i) {
        return events.length() < lookbacks[i] ? MELODY_NO_EVENT : events.get(-lookbacks[i]);
      }
    }
    if (classIndex == noteRange + 1) {
      return MELODY_NOTE_OFF;
    }
    if (classIndex == noteRange) {
      return MELODY_NO_EVENT;
    }
    return minNote + classIndex;
  }
}
