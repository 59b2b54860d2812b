#!/usr/bin/env python3
"""Makes the torch.stft reference values that StftTest compares against.

Run from this folder with Debian's PyTorch (apt-get install python3-torch):
    /usr/bin/python3 make_torch_stft_reference.py
Writes, for each case NAME, NAME.input.f32 (the signal) and NAME.stft.f32 (torch.stft output as
[bins][frames][re, im]), all little-endian float32, and prints the shapes.
"""
import numpy as np
import torch

CASES = {
    # name: (sample rate, seconds, n_fft, hop)
    "speech16k": (16000, 1.0, 512, 256),
    "stage1": (1000, 4.0, 126, 63),
    "complex1": (1500, 4.0, 190, 95),
}

for name, (rate, seconds, n_fft, hop) in CASES.items():
    n = int(rate * seconds)
    t = np.arange(n) / rate
    rng = np.random.default_rng(1234)
    x = (0.5 * np.sin(2 * np.pi * 0.11 * rate * t)
         + 0.25 * np.sin(2 * np.pi * 0.31 * rate * t + 0.3)
         + 0.05 * rng.standard_normal(n)).astype(np.float32)
    spec = torch.stft(torch.from_numpy(x), n_fft, hop, window=torch.hann_window(n_fft),
                      center=True, pad_mode="reflect", return_complex=True)
    out = torch.view_as_real(spec).numpy().astype("<f4")  # [bins][frames][2]
    x.astype("<f4").tofile(f"{name}.input.f32")
    out.tofile(f"{name}.stft.f32")
    print(name, "input", x.shape, "stft", out.shape, "torch", torch.__version__)
