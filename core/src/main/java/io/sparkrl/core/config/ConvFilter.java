package io.sparkrl.core.config;

/** One convolution of the pixel encoder: output channels, square kernel size and stride. */
public record ConvFilter(int channels, int kernel, int stride) implements java.io.Serializable {

  public ConvFilter {
    if (channels < 1 || kernel < 1 || stride < 1) {
      throw new IllegalArgumentException(
          "encoder_params.filters: each entry needs channels, kernel and stride >= 1, got ["
              + channels
              + ", "
              + kernel
              + ", "
              + stride
              + "]");
    }
  }
}
