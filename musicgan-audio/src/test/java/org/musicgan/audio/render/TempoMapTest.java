package org.musicgan.audio.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import org.junit.jupiter.api.Test;

class TempoMapTest {
  @Test
  void followsTempoChangesAcrossTracks() throws Exception {
    Sequence seq = new Sequence(Sequence.PPQ, 100);
    seq.createTrack();
    // 60 qpm (1 s per quarter) from tick 0 in track 2, 120 qpm from tick 200
    seq.createTrack()
        .add(new MidiEvent(new MetaMessage(0x51, new byte[] {0x0F, 0x42, 0x40}, 3), 0));
    seq.getTracks()[0].add(
        new MidiEvent(new MetaMessage(0x51, new byte[] {0x07, (byte) 0xA1, 0x20}, 3), 200));
    TempoMap map = TempoMap.of(seq);
    assertEquals(0.0, map.seconds(0));
    assertEquals(2.0, map.seconds(200), 1e-12);
    assertEquals(2.5, map.seconds(300), 1e-12);
    assertEquals(2, map.tempoChanges().size());
  }

  @Test
  void defaultTempoAndSmpte() throws Exception {
    assertEquals(0.5, TempoMap.of(new Sequence(Sequence.PPQ, 480)).seconds(480), 1e-12);
    // 25 frames per second, 40 ticks per frame: 1000 ticks per second
    assertEquals(1.5, TempoMap.of(new Sequence(Sequence.SMPTE_25, 40)).seconds(1500), 1e-12);
  }
}
