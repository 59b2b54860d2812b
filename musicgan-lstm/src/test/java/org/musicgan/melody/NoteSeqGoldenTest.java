package org.musicgan.melody;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.musicgan.melody.encoding.EventSequenceEncoderDecoder;
import org.musicgan.melody.encoding.KeyMelodyEncoderDecoder;
import org.musicgan.melody.encoding.LookbackEventSequenceEncoderDecoder;
import org.musicgan.melody.encoding.MelodyOneHotEncoding;
import org.musicgan.melody.encoding.OneHotEventSequenceEncoderDecoder;
import org.musicgan.melody.events.Melody;
import org.musicgan.melody.events.MelodyExtractor;
import org.musicgan.melody.events.NoteSequence;
import org.musicgan.melody.events.Quantizer;

/**
 * Bit-exactness against note_seq itself: {@code note_seq_golden.json} holds the outputs of
 * note_seq's Python code (made by {@code make_note_seq_golden.py} beside it; the commit is in the
 * file) for melody operations, all four encoders at every position, quantisation and melody
 * extraction. Each case is its own test.
 */
class NoteSeqGoldenTest {
  private static JsonNode golden;

  private static final Map<String, Supplier<EventSequenceEncoderDecoder>> ENCODERS =
      Map.of(
          "basic", () -> new OneHotEventSequenceEncoderDecoder(new MelodyOneHotEncoding(48, 84)),
          "mono", () -> new OneHotEventSequenceEncoderDecoder(new MelodyOneHotEncoding(0, 128)),
          "lookback",
              () -> new LookbackEventSequenceEncoderDecoder(new MelodyOneHotEncoding(48, 84)),
          "key", () -> new KeyMelodyEncoderDecoder(48, 84));

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = NoteSeqGoldenTest.class.getResourceAsStream("note_seq_golden.json")) {
      golden = new ObjectMapper().readTree(in);
    }
  }

  static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  static float[] dense(JsonNode sparse, int size) {
    float[] v = new float[size];
    for (JsonNode pair : sparse) {
      v[pair.get(0).asInt()] = (float) pair.get(1).asDouble();
    }
    return v;
  }

  @TestFactory
  Stream<DynamicTest> melodyOperations() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode rec : golden.get("melodies")) {
      int[] ev = ints(rec.get("events"));
      String name = "melody " + java.util.Arrays.toString(ev);
      tests.add(
          DynamicTest.dynamicTest(
              name,
              () -> {
                Melody m = new Melody(ev);
                assertArrayEquals(ints(rec.get("constructed")), m.events(), "constructor");
                assertArrayEquals(ints(rec.get("note_histogram")), m.getNoteHistogram());
                assertEquals(rec.get("major_key").asInt(), m.getMajorKey(), "major key");
                Melody s = new Melody(ev);
                int amount = s.squash(48, 84, 0);
                assertEquals(rec.get("squash_48_84_0").get("amount").asInt(), amount, "amount");
                assertArrayEquals(ints(rec.get("squash_48_84_0").get("events")), s.events());
                Melody w = new Melody(ev);
                assertEquals(0, w.squash(0, 128, null));
                assertArrayEquals(ints(rec.get("squash_0_128_none").get("events")), w.events());
                Melody t = new Melody(ev);
                t.transpose(5, 48, 84);
                assertArrayEquals(ints(rec.get("transpose_5_48_84")), t.events(), "transpose");
                Melody p = new Melody(ev);
                p.setLength(ev.length + 5);
                assertArrayEquals(ints(rec.get("set_length_plus5")), p.events(), "pad");
                Melody c = new Melody(ev);
                c.setLength(Math.max(0, ev.length - 3));
                assertArrayEquals(ints(rec.get("set_length_minus3")), c.events(), "cut");
                Melody l = new Melody(ev);
                l.setLength(ev.length + 4, true);
                JsonNode left = rec.get("set_length_left_plus4");
                assertArrayEquals(ints(left.get("events")), l.events(), "pad left");
                assertEquals(left.get("start_step").asInt(), l.startStep());
              }));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> encodersAtEveryPosition() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode rec : golden.get("melodies")) {
      rec.get("encoders")
          .fields()
          .forEachRemaining(
              entry ->
                  tests.add(
                      DynamicTest.dynamicTest(
                          entry.getKey() + " " + rec.get("events"),
                          () ->
                              checkEncoder(ENCODERS.get(entry.getKey()).get(), entry.getValue()))));
    }
    return tests.stream();
  }

  private static void checkEncoder(EventSequenceEncoderDecoder enc, JsonNode g) {
    Melody m = new Melody(ints(g.get("melody")));
    assertEquals(g.get("input_size").asInt(), enc.inputSize(), "input size");
    assertEquals(g.get("num_classes").asInt(), enc.numClasses(), "classes");
    assertEquals(g.get("default_event_label").asInt(), enc.defaultEventLabel());
    for (int i = 0; i < m.length(); i++) {
      assertArrayEquals(
          dense(g.get("inputs").get(i), enc.inputSize()), enc.eventsToInput(m, i), "input " + i);
      assertEquals(g.get("labels").get(i).asInt(), enc.eventsToLabel(m, i), "label " + i);
    }
    for (int k = 0; k < enc.numClasses(); k++) {
      assertEquals(
          g.get("class_to_event").get(k).asInt(), enc.classIndexToEvent(k, m), "class " + k);
    }
  }

  @TestFactory
  Stream<DynamicTest> quantizationAndExtraction() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    int index = 0;
    for (JsonNode rec : golden.get("sequences")) {
      int caseIndex = index++;
      tests.add(
          DynamicTest.dynamicTest(
              "sequence " + caseIndex,
              () -> {
                List<NoteSequence.Note> notes = new ArrayList<>();
                for (JsonNode n : rec.get("notes")) {
                  notes.add(
                      new NoteSequence.Note(
                          n.get(0).asInt(),
                          n.get(1).asInt(),
                          n.get(2).asDouble(),
                          n.get(3).asDouble(),
                          n.get(4).asInt(),
                          0,
                          n.get(5).asBoolean(),
                          -1,
                          -1));
                }
                JsonNode sig = rec.get("time_signature");
                NoteSequence ns =
                    NoteSequence.of(
                        notes,
                        List.of(new NoteSequence.Tempo(0, rec.get("qpm").asDouble())),
                        List.of(
                            new NoteSequence.TimeSignature(
                                0, sig.get(0).asInt(), sig.get(1).asInt())));
                NoteSequence qs = Quantizer.quantizeNoteSequence(ns, 4);
                assertEquals(rec.get("total_quantized_steps").asInt(), qs.totalQuantizedSteps());
                for (int i = 0; i < notes.size(); i++) {
                  JsonNode q = rec.get("quantized").get(i);
                  assertEquals(
                      q.get(0).asInt(), qs.notes().get(i).quantizedStartStep(), "start " + i);
                  assertEquals(q.get(1).asInt(), qs.notes().get(i).quantizedEndStep(), "end " + i);
                }
                for (JsonNode x : rec.get("extractions")) {
                  JsonNode r = x.get("result");
                  var call =
                      (org.junit.jupiter.api.function.ThrowingSupplier<Melody>)
                          () ->
                              MelodyExtractor.fromQuantizedSequence(
                                  qs,
                                  x.get("search_start_step").asInt(),
                                  x.get("instrument").asInt(),
                                  x.get("gap_bars").asDouble(),
                                  x.get("ignore_polyphonic_notes").asBoolean(),
                                  x.get("pad_end").asBoolean(),
                                  true);
                  if (r.has("polyphonic")) {
                    assertThrows(MelodyExtractor.PolyphonicMelodyException.class, call::get);
                  } else {
                    assertTrue(!r.has("error"), "reference raised " + r);
                    Melody m = call.get();
                    assertArrayEquals(ints(r.get("events")), m.events(), "events " + x);
                    assertEquals(r.get("start_step").asInt(), m.startStep(), "start " + x);
                    assertEquals(r.get("end_step").asInt(), m.endStep(), "end " + x);
                    assertEquals(r.get("steps_per_bar").asInt(), m.stepsPerBar());
                  }
                }
              }));
    }
    return tests.stream();
  }
}
