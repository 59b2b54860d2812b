#!/usr/bin/env python3
"""Makes time_change_golden.json: what note_seq's split_note_sequence_on_time_changes (the
TimeChangeSplitter of Magenta's melody pipeline, skip_splits_inside_notes=False) returns for
random sequences with tempo and time-signature changes; TimeChangeSplitterTest must match it.

Usage (Debian: apt-get install python3-numpy python3-protobuf python3-absl):
    /usr/bin/python3 make_time_change_golden.py /path/to/note-seq-checkout [commit] \
        > time_change_golden.json

The commit is read from the checkout with git, or given as the second argument for an exported tree.
"""
import json, random, subprocess, sys, types

src = sys.argv[1]
pm = types.ModuleType("pretty_midi"); pm.pretty_midi = types.SimpleNamespace()
sys.modules["pretty_midi"] = pm
pkg = types.ModuleType("note_seq"); pkg.__path__ = [src + "/note_seq"]; sys.modules["note_seq"] = pkg
from note_seq import sequences_lib
from note_seq.protobuf import music_pb2

rng = random.Random(20261203)


def dump(ns):
    return {
        "notes": [[n.pitch, n.velocity, n.start_time, n.end_time, n.instrument] for n in ns.notes],
        "tempos": [[t.time, t.qpm] for t in ns.tempos],
        "time_signatures": [[t.time, t.numerator, t.denominator] for t in ns.time_signatures],
        "total_time": ns.total_time,
    }


commit = subprocess.run(["git", "-C", src, "rev-parse", "HEAD"],
                        capture_output=True, text=True).stdout.strip()
out = {"note_seq_commit": commit or (sys.argv[2] if len(sys.argv) > 2 else "unknown"), "cases": []}
for case in range(60):
    ns = music_pb2.NoteSequence()
    ns.ticks_per_quarter = 220
    # marks on a 0.25 s grid (so some coincide with note boundaries), some repeated values,
    # some at or after the end, some missing at time 0
    for _ in range(rng.randrange(0, 4)):
        ns.tempos.add(time=rng.randrange(0, 40) * 0.25, qpm=rng.choice([120.0, 120.0, 90.0, 150.0]))
    for _ in range(rng.randrange(0, 4)):
        num, den = rng.choice([(4, 4), (4, 4), (3, 4), (6, 8)])
        ns.time_signatures.add(time=rng.randrange(0, 40) * 0.25, numerator=num, denominator=den)
    t = 0.0
    for _ in range(rng.randrange(0, 25)):
        start = t + rng.choice([0.0, 0.125, 0.25, 0.5])
        end = start + rng.choice([0.125, 0.25, 0.5, 1.0, 2.0])
        ns.notes.add(pitch=rng.randrange(48, 84), velocity=rng.randrange(1, 128),
                     start_time=start, end_time=end, instrument=rng.randrange(0, 2))
        t = start if rng.random() < 0.2 else end
        ns.total_time = max(ns.total_time, end)
    pieces = sequences_lib.split_note_sequence_on_time_changes(ns)
    out["cases"].append({"input": dump(ns), "pieces": [dump(p) for p in pieces]})

json.dump(out, sys.stdout, separators=(",", ":"))
