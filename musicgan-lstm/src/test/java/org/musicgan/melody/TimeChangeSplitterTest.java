package org.musicgan.melody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicgan.melody.events.NoteSequence;
import org.musicgan.melody.events.TimeChangeSplitter;

/** TimeChangeSplitter against note_seq's split_note_sequence_on_time_changes, exactly. */
class TimeChangeSplitterTest {
  static NoteSequence read(JsonNode s) {
    List<NoteSequence.Note> notes = new ArrayList<>();
    for (JsonNode n : s.get("notes")) {
      notes.add(
          new NoteSequence.Note(
              n.get(0).asInt(),
              n.get(1).asInt(),
              n.get(2).asDouble(),
              n.get(3).asDouble(),
              n.get(4).asInt(),
              0,
              false,
              -1,
              -1));
    }
    List<NoteSequence.Tempo> tempos = new ArrayList<>();
    for (JsonNode t : s.get("tempos")) {
      tempos.add(new NoteSequence.Tempo(t.get(0).asDouble(), t.get(1).asDouble()));
    }
    List<NoteSequence.TimeSignature> ts = new ArrayList<>();
    for (JsonNode t : s.get("time_signatures")) {
      ts.add(
          new NoteSequence.TimeSignature(t.get(0).asDouble(), t.get(1).asInt(), t.get(2).asInt()));
    }
    return new NoteSequence(notes, tempos, ts, 220, s.get("total_time").asDouble(), 0, 0);
  }

  @Test
  void matchesNoteSeqOnSixtyRandomSequences() throws Exception {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream("time_change_golden.json")) {
      root = new ObjectMapper().readTree(in);
    }
    int pieces = 0;
    int cases = 0;
    for (JsonNode c : root.get("cases")) {
      List<NoteSequence> got = TimeChangeSplitter.split(read(c.get("input")));
      JsonNode want = c.get("pieces");
      assertEquals(want.size(), got.size(), "case " + cases);
      for (int i = 0; i < got.size(); i++) {
        // records compare every note, mark and double exactly
        assertEquals(read(want.get(i)), got.get(i), "case " + cases + " piece " + i);
      }
      pieces += got.size();
      cases++;
    }
    assertEquals(60, cases);
    assertTrue(pieces > 90, "pieces " + pieces);
  }

  @Test
  void aQuantisedSequenceIsRefused() {
    NoteSequence q =
        new NoteSequence(
            List.of(NoteSequence.Note.of(60, 90, 0, 1)), List.of(), List.of(), 220, 1, 4, 8);
    assertThrows(IllegalArgumentException.class, () -> TimeChangeSplitter.split(q));
  }
}
