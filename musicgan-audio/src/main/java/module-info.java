/**
 * MusicGAN audio: audio I/O, DSP, the GAN audio representations and MIDI rendering on plain arrays.
 *
 * <p>This module deliberately requires no DL4J/ND4J module; the compiler checks that.
 */
module org.musicgan.audio {
  requires java.desktop;
  requires org.slf4j;
  requires JTransforms;
  requires jlayer;
  requires org.jfree.jfreechart;
  // the Vector API kernels (SmallMatMul, the STFT) load only when the JVM has this module
  requires static jdk.incubator.vector;

  exports org.musicgan.audio;
  exports org.musicgan.audio.io;
  exports org.musicgan.audio.dsp;
  exports org.musicgan.audio.representation;
  exports org.musicgan.audio.render;
  exports org.musicgan.audio.plot;
}
