package org.musicgan.datasets.batch;

import java.io.IOException;
import org.musicgan.audio.AudioClip;
import org.musicgan.datasets.fma.FmaWindows;
import org.musicgan.datasets.musicnet.MusicNet;
import org.musicgan.datasets.musicnet.MusicNetWindows;

/**
 * One labelled training example: a stable key (for the tensor cache), its condition vector, and a
 * way to load its audio (which may decode a file).
 */
public interface AudioExample {
  /** A key unique within the dataset and stable across runs, e.g. {@code musicnet/1727@176400}. */
  String key();

  /** The condition vector. */
  float[] condition();

  /** Loads the audio; any rate and length ({@code AudioRepresentation.fit} adapts it). */
  AudioClip load() throws IOException;

  /** A MusicNet window: the recording is decoded and the window cut out when loaded. */
  static AudioExample of(MusicNet dataset, MusicNetWindows.Window window) {
    return new AudioExample() {
      @Override
      public String key() {
        return "musicnet/" + window.recording().id() + "@" + window.startSample();
      }

      @Override
      public float[] condition() {
        return window.condition().clone();
      }

      @Override
      public AudioClip load() throws IOException {
        return window.slice(dataset.audio(window.recording()));
      }
    };
  }

  /** An FMA window (already decoded). */
  static AudioExample of(FmaWindows.Window window, int index) {
    return of("fma/" + window.track().id() + "#" + index, window.condition(), window.clip());
  }

  /** An example whose audio is already in memory. */
  static AudioExample of(String key, float[] condition, AudioClip clip) {
    return new AudioExample() {
      @Override
      public String key() {
        return key;
      }

      @Override
      public float[] condition() {
        return condition.clone();
      }

      @Override
      public AudioClip load() {
        return clip;
      }
    };
  }
}
