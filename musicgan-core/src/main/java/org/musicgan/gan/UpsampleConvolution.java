package org.musicgan.gan;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Nearest-neighbour x2 upsampling followed by a 3x3, stride-1, "same"-padded convolution, as one
 * layer: the StackGAN generator's {@code upsample -> conv3x3} step. It computes exactly what DL4J's
 * {@code Upsampling2D(2)} then {@code ConvolutionLayer(3x3, Same)} compute, with the same
 * parameters ({@code W [out, in, 3, 3]}, {@code b [out]}) and initialisation, but on the
 * low-resolution input: each of the four output phases (even/odd row, even/odd column) of the
 * upsampled convolution reads only a 2x2 neighbourhood of input pixels, so it is a 2x2 convolution
 * of the input with summed 3x3 weights. That is 16 instead of 36 multiply-adds per input pixel and
 * channel pair (2.25x fewer) and an im2col matrix a quarter of the size. See {@link
 * UpsampleConvolutionLayer}.
 */
public class UpsampleConvolution extends FastConvolution {
  private static final long serialVersionUID = 1L;

  /** For JSON. */
  public UpsampleConvolution() {}

  /** A fused x2 upsampling and 3x3 convolution with {@code out} channels and {@code activation}. */
  public UpsampleConvolution(int out, org.nd4j.linalg.activations.IActivation activation) {
    super(
        new ConvolutionLayer.Builder(3, 3)
            .stride(1, 1)
            .nOut(out)
            .convolutionMode(ConvolutionMode.Same)
            .activation(activation));
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    if (!(inputType instanceof InputType.InputTypeConvolutional c)) {
      throw new IllegalArgumentException(
          "UpsampleConvolution " + getLayerName() + " needs convolutional input, got " + inputType);
    }
    return super.getOutputType(
        layerIndex,
        InputType.convolutional(
            2 * c.getHeight(), 2 * c.getWidth(), c.getChannels(), c.getFormat()));
  }

  @Override
  protected FastConvolutionLayer newLayer(NeuralNetConfiguration conf, DataType dataType) {
    return new UpsampleConvolutionLayer(conf, dataType);
  }
}
