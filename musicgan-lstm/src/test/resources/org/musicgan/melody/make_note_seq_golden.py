#!/usr/bin/env python3
"""Makes note_seq_golden.json: reference outputs of note_seq's own Python code that the Java port
must reproduce exactly (MelodyGoldenTest).

Usage (Debian: apt-get install python3-numpy python3-protobuf python3-absl):
    /usr/bin/python3 make_note_seq_golden.py /path/to/note-seq-checkout > note_seq_golden.json

The checkout is magenta/note-seq (the commit used is recorded in the output). pretty_midi is not
needed: the modules used here only touch it for MIDI I/O, so a stand-in module is installed.
"""
import json, random, subprocess, sys, types

src = sys.argv[1]
pm = types.ModuleType("pretty_midi"); pm.pretty_midi = types.SimpleNamespace()
sys.modules["pretty_midi"] = pm
pkg = types.ModuleType("note_seq"); pkg.__path__ = [src + "/note_seq"]; sys.modules["note_seq"] = pkg
from note_seq import melodies_lib, melody_encoder_decoder as med, encoder_decoder, sequences_lib
from note_seq.protobuf import music_pb2

OFF, NO = -1, -2
rng = random.Random(20261125)


def sparse(vec):
    return [[i, v] for i, v in enumerate(vec) if v != 0.0]


def random_melody(lo, hi, n):
    ev = []
    for _ in range(n):
        r = rng.random()
        ev.append(NO if r < 0.45 else OFF if r < 0.6 else rng.randrange(lo, hi))
    return ev


melodies = [
    [60, NO, 60, NO, 67, NO, 67, NO, OFF, NO],                     # Twinkle primer, padded
    [OFF, OFF, 60, OFF],                                            # leading note-offs
    [100, 100, 107, 111, NO, 99, 112, OFF, NO],                     # note_seq's test melody
    [48, NO, 49, 83, OFF] + [NO] * 11 + [48, OFF] + [NO] * 14 + [48, OFF, 49, 82],
    [55, NO, 64],                                                   # half-to-even squash
    [71],                                                           # a lone B -> key C
    [NO, NO, NO],
]
for n in (20, 40, 70, 130):
    melodies.append(random_melody(48, 84, n))
for n in (25, 60):
    melodies.append(random_melody(20, 110, n))

encoders = {
    "basic": lambda: encoder_decoder.OneHotEventSequenceEncoderDecoder(med.MelodyOneHotEncoding(48, 84)),
    "mono": lambda: encoder_decoder.OneHotEventSequenceEncoderDecoder(med.MelodyOneHotEncoding(0, 128)),
    "lookback": lambda: encoder_decoder.LookbackEventSequenceEncoderDecoder(med.MelodyOneHotEncoding(48, 84)),
    "key": lambda: med.KeyMelodyEncoderDecoder(48, 84),
}

out = {"note_seq_commit": subprocess.run(["git", "-C", src, "rev-parse", "HEAD"],
                                         capture_output=True, text=True).stdout.strip(),
       "melodies": []}
for ev in melodies:
    rec = {"events": ev}
    m = melodies_lib.Melody(ev)
    rec["constructed"] = list(m)
    rec["note_histogram"] = [int(x) for x in m.get_note_histogram()]
    rec["major_key"] = int(m.get_major_key())
    for name, args in (("squash_48_84_0", (48, 84, 0)), ("squash_0_128_none", (0, 128, None))):
        c = melodies_lib.Melody(ev); amount = c.squash(*args)
        rec[name] = {"amount": int(amount), "events": list(c)}
    c = melodies_lib.Melody(ev); c.transpose(5, 48, 84); rec["transpose_5_48_84"] = list(c)
    c = melodies_lib.Melody(ev); c.set_length(len(ev) + 5); rec["set_length_plus5"] = list(c)
    c = melodies_lib.Melody(ev); c.set_length(max(0, len(ev) - 3)); rec["set_length_minus3"] = list(c)
    c = melodies_lib.Melody(ev); c.set_length(len(ev) + 4, from_left=True)
    rec["set_length_left_plus4"] = {"events": list(c), "start_step": c.start_step}
    squashed = melodies_lib.Melody(ev); squashed.squash(48, 84, 0)
    wide = melodies_lib.Melody(ev); wide.squash(0, 128, None)
    encs = {}
    for name, make in encoders.items():
        e = make(); mel = wide if name == "mono" else squashed
        if len(mel) == 0:
            continue
        encs[name] = {
            "melody": list(mel),
            "input_size": e.input_size, "num_classes": e.num_classes,
            "default_event_label": e.default_event_label,
            "inputs": [sparse(e.events_to_input(mel, i)) for i in range(len(mel))],
            "labels": [e.events_to_label(mel, i) for i in range(len(mel))],
            "class_to_event": [e.class_index_to_event(k, mel) for k in range(e.num_classes)],
        }
    rec["encoders"] = encs
    out["melodies"].append(rec)

# Quantisation and melody extraction from note sequences.
out["sequences"] = []
for case in range(40):
    ns = music_pb2.NoteSequence()
    qpm = rng.choice([60.0, 90.0, 120.0, 137.5])
    ns.tempos.add(qpm=qpm, time=0)
    num, den = rng.choice([(4, 4), (3, 4), (6, 8), (2, 2)])
    ns.time_signatures.add(numerator=num, denominator=den, time=0)
    t = rng.random()
    for _ in range(rng.randrange(5, 60)):
        dur = rng.choice([0.05, 0.1, 0.25, 0.5, 1.0]) * 120 / qpm
        ns.notes.add(pitch=rng.randrange(40, 90), velocity=rng.choice([0, 80, 100, 100, 100]),
                     start_time=t, end_time=t + dur, instrument=rng.choice([0, 0, 0, 1]),
                     is_drum=rng.random() < 0.05)
        t += rng.choice([0.0, 0.0, dur, dur, dur * 1.5, dur + 4.0 * 120 / qpm])
    ns.total_time = max(n.end_time for n in ns.notes)
    qs = sequences_lib.quantize_note_sequence(ns, 4)
    rec = {"qpm": qpm, "time_signature": [num, den],
           "notes": [[n.pitch, n.velocity, n.start_time, n.end_time, n.instrument, n.is_drum]
                     for n in ns.notes],
           "quantized": [[n.quantized_start_step, n.quantized_end_step] for n in qs.notes],
           "total_quantized_steps": qs.total_quantized_steps, "extractions": []}
    for search, inst, gap, ignore, pad in ((0, 0, 1.0, False, False), (0, 0, 1.0, True, False),
                                           (0, 1, 1.0, True, True), (16, 0, 2.0, True, False)):
        m = melodies_lib.Melody()
        try:
            m.from_quantized_sequence(qs, search_start_step=search, instrument=inst, gap_bars=gap,
                                      ignore_polyphonic_notes=ignore, pad_end=pad)
            result = {"events": list(m), "start_step": m.start_step, "end_step": m.end_step,
                      "steps_per_bar": m.steps_per_bar}
        except melodies_lib.PolyphonicMelodyError:
            result = {"polyphonic": True}
        except Exception as e:  # noqa
            result = {"error": type(e).__name__}
        rec["extractions"].append({"search_start_step": search, "instrument": inst, "gap_bars": gap,
                                   "ignore_polyphonic_notes": ignore, "pad_end": pad,
                                   "result": result})
    out["sequences"].append(rec)

json.dump(out, sys.stdout, separators=(",", ":"), default=int)
