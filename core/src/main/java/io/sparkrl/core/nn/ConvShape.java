package io.sparkrl.core.nn;

/**
 * One convolution layer of {@link ConvStepper} on one input size: a square {@code kernel} moved by
 * {@code stride} over an unpadded {@code inChannels × inHeight × inWidth} input (DL4J's {@code
 * Truncate} mode: positions that do not fit are dropped), giving {@code outChannels × outHeight ×
 * outWidth}. Sizes are per sample.
 */
record ConvShape(
    int inChannels, int inHeight, int inWidth, int outChannels, int kernel, int stride) {

  ConvShape {
    if (inHeight < kernel || inWidth < kernel) {
      throw new IllegalArgumentException(
          "a "
              + kernel
              + "x"
              + kernel
              + " convolution does not fit its "
              + inHeight
              + "x"
              + inWidth
              + " input");
    }
  }

  int outHeight() {
    return (inHeight - kernel) / stride + 1;
  }

  int outWidth() {
    return (inWidth - kernel) / stride + 1;
  }

  /** Output positions per sample: the rows of one sample's column matrix. */
  int positions() {
    return outHeight() * outWidth();
  }

  /** Values per input patch: the columns of the column matrix. */
  int columns() {
    return inChannels * kernel * kernel;
  }

  /** Input values per sample. */
  int inputSize() {
    return inChannels * inHeight * inWidth;
  }

  /** Output values per sample. */
  int outputSize() {
    return positions() * outChannels;
  }

  /** The next convolution, on this one's output. */
  ConvShape next(int channels, int nextKernel, int nextStride) {
    return new ConvShape(outChannels, outHeight(), outWidth(), channels, nextKernel, nextStride);
  }
}
