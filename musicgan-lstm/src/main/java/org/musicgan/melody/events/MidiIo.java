package org.musicgan.melody.events;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.musicgan.audio.io.AtomicFiles;
import org.musicgan.audio.render.TempoMap;
import org.musicgan.melody.events.NoteSequence.Note;
import org.musicgan.melody.events.NoteSequence.Tempo;
import org.musicgan.melody.events.NoteSequence.TimeSignature;

/**
 * Reads and writes Standard MIDI Files (types 0 and 1) as {@link NoteSequence}s with {@code
 * javax.sound.midi}.
 *
 * <p>Reading: each (track, channel) stream that plays notes becomes one instrument, numbered in
 * order of appearance; channel 10 is drums; tempo changes map ticks to seconds; a note-off (or a
 * note-on with velocity 0) ends the oldest sounding note of that pitch on that channel. Writing:
 * type 1, one track per instrument after a tempo/time-signature track, written atomically.
 */
public final class MidiIo {
  private MidiIo() {}

  /**
   * Reads a MIDI file.
   *
   * @throws InvalidMidiFileException naming the file if it is not a readable MIDI file
   */
  public static NoteSequence read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return read(bytes, file.toString());
  }

  /** Reads MIDI bytes; {@code source} names them in errors. */
  public static NoteSequence read(byte[] bytes, String source) throws InvalidMidiFileException {
    Sequence seq;
    try {
      seq = MidiSystem.getSequence(new ByteArrayInputStream(bytes));
    } catch (InvalidMidiDataException | IOException | RuntimeException e) {
      throw new InvalidMidiFileException(
          source + ": not a readable MIDI file (" + e.getMessage() + ")", e);
    }
    if (seq.getDivisionType() != Sequence.PPQ) {
      throw new InvalidMidiFileException(
          source + ": SMPTE-timed MIDI files are not supported", null);
    }
    return toNoteSequence(seq);
  }

  private record Open(int pitch, int velocity, double start, int program) {}

  static NoteSequence toNoteSequence(Sequence seq) {
    int ppq = seq.getResolution();
    TempoMap clock = TempoMap.of(seq);
    List<Tempo> tempos = new ArrayList<>();
    List<TimeSignature> sigs = new ArrayList<>();
    for (Map.Entry<Long, Double> c : clock.tempoChanges().entrySet()) {
      tempos.add(new Tempo(clock.seconds(c.getKey()), 60e6 / c.getValue()));
    }
    Map<Long, Integer> instruments = new LinkedHashMap<>();
    List<Note> notes = new ArrayList<>();
    for (int ti = 0; ti < seq.getTracks().length; ti++) {
      Track t = seq.getTracks()[ti];
      int[] program = new int[16];
      Map<Integer, ArrayDeque<Open>> open = new HashMap<>();
      for (int i = 0; i < t.size(); i++) {
        MidiEvent e = t.get(i);
        double time = clock.seconds(e.getTick());
        if (e.getMessage() instanceof MetaMessage m) {
          if (m.getType() == 0x58 && m.getData().length >= 2) {
            sigs.add(new TimeSignature(time, m.getData()[0] & 0xFF, 1 << (m.getData()[1] & 0xFF)));
          }
          continue;
        }
        if (!(e.getMessage() instanceof ShortMessage sm)) {
          continue;
        }
        int ch = sm.getChannel();
        int cmd = sm.getCommand();
        if (cmd == ShortMessage.PROGRAM_CHANGE) {
          program[ch] = sm.getData1();
        } else if (cmd == ShortMessage.NOTE_ON && sm.getData2() > 0) {
          open.computeIfAbsent(ch * 128 + sm.getData1(), k -> new ArrayDeque<>())
              .add(new Open(sm.getData1(), sm.getData2(), time, program[ch]));
        } else if (cmd == ShortMessage.NOTE_OFF || cmd == ShortMessage.NOTE_ON) {
          ArrayDeque<Open> q = open.get(ch * 128 + sm.getData1());
          if (q != null && !q.isEmpty()) {
            Open o = q.poll();
            long key = ((long) ti << 8) | ch;
            int inst = instruments.computeIfAbsent(key, k -> instruments.size());
            notes.add(
                new Note(o.pitch, o.velocity, o.start, time, inst, o.program, ch == 9, -1, -1));
          }
        }
      }
    }
    sigs.sort(Comparator.comparingDouble(TimeSignature::time));
    notes.sort(Comparator.comparingDouble(Note::startTime).thenComparingInt(Note::pitch));
    NoteSequence ns = NoteSequence.of(notes, tempos, sigs);
    return new NoteSequence(
        ns.notes(), ns.tempos(), ns.timeSignatures(), ppq, ns.totalTime(), 0, 0);
  }

  /**
   * Writes a sequence as a type-1 MIDI file, atomically. The first tempo (120 qpm if none) and
   * first time signature are used.
   */
  public static void write(NoteSequence ns, Path file) throws IOException {
    AtomicFiles.write(file, toMidiBytes(ns));
  }

  /** Encodes a sequence as the bytes of a type-1 MIDI file. */
  public static byte[] toMidiBytes(NoteSequence ns) {
    try {
      Sequence seq = toMidiSequence(ns);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MidiSystem.write(seq, 1, out);
      return out.toByteArray();
    } catch (InvalidMidiDataException | IOException e) {
      throw new IllegalStateException("cannot encode MIDI: " + e.getMessage(), e);
    }
  }

  /** Builds a {@code javax.sound.midi.Sequence} (for rendering or writing). */
  public static Sequence toMidiSequence(NoteSequence ns) throws InvalidMidiDataException {
    int ppq = MelodyConstants.STANDARD_PPQ;
    double qpm =
        ns.tempos().isEmpty()
            ? MelodyConstants.DEFAULT_QUARTERS_PER_MINUTE
            : ns.tempos().get(0).qpm();
    double ticksPerSecond = ppq * qpm / 60.0;
    Sequence seq = new Sequence(Sequence.PPQ, ppq);
    Track meta = seq.createTrack();
    int mpq = (int) Math.round(60e6 / qpm);
    meta.add(
        new MidiEvent(
            new MetaMessage(
                0x51, new byte[] {(byte) (mpq >> 16), (byte) (mpq >> 8), (byte) mpq}, 3),
            0));
    if (!ns.timeSignatures().isEmpty()) {
      TimeSignature ts = ns.timeSignatures().get(0);
      int log2 = Integer.numberOfTrailingZeros(ts.denominator());
      meta.add(
          new MidiEvent(
              new MetaMessage(0x58, new byte[] {(byte) ts.numerator(), (byte) log2, 24, 8}, 4), 0));
    }
    Map<Integer, Track> tracks = new TreeMap<>();
    Map<Integer, Integer> channels = new HashMap<>();
    int melodicChannels = 0;
    for (Note n : ns.notes()) {
      Track t = tracks.get(n.instrument());
      if (t == null) {
        t = seq.createTrack();
        tracks.put(n.instrument(), t);
        // melodic instruments take channels 0-8 then 10-15 (9 is the drum channel); beyond 15
        // instruments share channel 15
        int ch =
            n.isDrum()
                ? 9
                : Math.min(15, melodicChannels < 9 ? melodicChannels : melodicChannels + 1);
        if (!n.isDrum()) {
          melodicChannels++;
        }
        channels.put(n.instrument(), ch);
        t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, ch, n.program(), 0), 0));
      }
      int ch = channels.get(n.instrument());
      long on = Math.round(n.startTime() * ticksPerSecond);
      long off = Math.max(on + 1, Math.round(n.endTime() * ticksPerSecond));
      t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, ch, n.pitch(), n.velocity()), on));
      t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, ch, n.pitch(), 0), off));
    }
    return seq;
  }
}
