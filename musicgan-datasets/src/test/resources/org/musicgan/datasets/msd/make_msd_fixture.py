#!/usr/bin/env python3
"""Makes msd_fixture.h5: three songs in the Million Song Dataset's HDF5 layout (as PyTables writes
it: compound 'songs' tables under /metadata, /analysis and /musicbrainz, members in alphabetical
order, fixed-length NUL-padded byte strings, zlib level 1), with a few of the real columns.

    apt-get install python3-h5py && /usr/bin/python3 make_msd_fixture.py
The values of the first song are those of the MSD's documented example track TRAKWGL12903CB8529."""
import h5py, numpy as np

songs = [
    dict(track_id=b"TRAKWGL12903CB8529", song_id=b"SOQMMHC12AB0180CB8", title=b"Nice Dream",
         artist_name=b"The Meatmen", release=b"War Of The Superbikes", tempo=121.274, key=5, mode=1,
         loudness=-8.423, year=1985, duration=191.3, time_signature=4),
    dict(track_id=b"TRRNARX128F4264AEB", song_id=b"SOAAAAA12A8C13D6B5", title="Caf\u00e9 M\u00fcller".encode(),
         artist_name=b"Beyonc\xc3\xa9", release=b"", tempo=92.5, key=0, mode=0, loudness=-12.0,
         year=0, duration=240.0, time_signature=3),
    dict(track_id=b"TRWMHMP128EF34293F", song_id=b"SOBBBBB12A8C13D6B6", title=b"Untitled",
         artist_name=b"Nobody", release=b"Demo", tempo=0.0, key=11, mode=1, loudness=-20.5,
         year=2001, duration=30.0, time_signature=1),
]
meta_dt = np.dtype(sorted([("artist_name", "S1024"), ("release", "S1024"), ("song_hotttnesss", "<f8"),
                           ("song_id", "S32"), ("title", "S1024")]))
ana_dt = np.dtype(sorted([("duration", "<f8"), ("key", "<i4"), ("loudness", "<f8"), ("mode", "<i4"),
                          ("tempo", "<f8"), ("time_signature", "<i4"), ("track_id", "S32")]))
mb_dt = np.dtype(sorted([("idx_artist_mbtags", "<i4"), ("year", "<i4")]))
with h5py.File("msd_fixture.h5", "w") as f:
    def table(group, dt, rows):
        f.create_group(group).create_dataset("songs", data=np.array(rows, dtype=dt), compression="gzip",
                                             compression_opts=1, chunks=True)
    table("metadata", meta_dt, [tuple(s.get(n, np.nan) for n in meta_dt.names) for s in songs])
    table("analysis", ana_dt, [tuple(s[n] for n in ana_dt.names) for s in songs])
    table("musicbrainz", mb_dt, [tuple(s.get(n, 0) for n in mb_dt.names) for s in songs])
