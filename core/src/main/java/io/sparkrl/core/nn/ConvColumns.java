package io.sparkrl.core.nn;

/**
 * im2col and col2im for one sample of a {@link ConvShape}, on Java arrays: the column matrix has
 * one row per output position ({@code oy, ox} in row-major order) and one column per patch value,
 * so a convolution is the product of the column matrix and the kernel viewed as {@code
 * [outChannels, columns]}.
 *
 * <p>Two patch orders. For a channels-first (NCHW) input, {@code (c, ky, kx)}: DL4J's kernel order
 * ({@code [outChannels, inChannels, kH, kW]}), copied in runs of {@code kernel} values. For a
 * channels-last input ({@code [positions, channels]}, i.e. NHWC, as {@link ConvStepper} keeps its
 * activations), {@code (ky, kx, c)}: each kernel row of a patch is one run of {@code
 * kernel·channels} contiguous values; the kernel is permuted to match ({@link
 * #kernelToChannelsLast}).
 */
final class ConvColumns {

  private ConvColumns() {}

  /** Writes the {@code (c, ky, kx)} column matrix of the NCHW sample at {@code in[inOffset…]}. */
  static void im2colChannelsFirst(float[] in, int inOffset, ConvShape g, float[] col) {
    int k = g.kernel();
    int s = g.stride();
    int h = g.inHeight();
    int w = g.inWidth();
    int channels = g.inChannels();
    int dst = 0;
    for (int oy = 0; oy < g.outHeight(); oy++) {
      for (int ox = 0; ox < g.outWidth(); ox++) {
        for (int c = 0; c < channels; c++) {
          int src = inOffset + (c * h + oy * s) * w + ox * s;
          for (int ky = 0; ky < k; ky++, src += w, dst += k) {
            System.arraycopy(in, src, col, dst, k);
          }
        }
      }
    }
  }

  /** Writes the {@code (ky, kx, c)} column matrix of the NHWC sample at {@code in[inOffset…]}. */
  static void im2colChannelsLast(float[] in, int inOffset, ConvShape g, float[] col) {
    int s = g.stride();
    int channels = g.inChannels();
    int run = g.kernel() * channels;
    int rowStride = g.inWidth() * channels;
    int dst = 0;
    for (int oy = 0; oy < g.outHeight(); oy++) {
      for (int ox = 0; ox < g.outWidth(); ox++) {
        int src = inOffset + oy * s * rowStride + ox * s * channels;
        for (int ky = 0; ky < g.kernel(); ky++, src += rowStride, dst += run) {
          System.arraycopy(in, src, col, dst, run);
        }
      }
    }
  }

  /**
   * Adds the {@code (ky, kx, c)} column matrix {@code col} of one sample into its NHWC input
   * gradient at {@code dx[dxOffset…]} (the adjoint of {@link #im2colChannelsLast}).
   */
  static void col2imChannelsLast(float[] col, ConvShape g, float[] dx, int dxOffset) {
    int s = g.stride();
    int channels = g.inChannels();
    int run = g.kernel() * channels;
    int rowStride = g.inWidth() * channels;
    int src = 0;
    for (int oy = 0; oy < g.outHeight(); oy++) {
      for (int ox = 0; ox < g.outWidth(); ox++) {
        int dst = dxOffset + oy * s * rowStride + ox * s * channels;
        for (int ky = 0; ky < g.kernel(); ky++, dst += rowStride, src += run) {
          addRun(col, src, dx, dst, run);
        }
      }
    }
  }

  private static void addRun(float[] src, int from, float[] dst, int to, int length) {
    for (int i = 0; i < length; i++) {
      dst[to + i] += src[from + i];
    }
  }

  /**
   * Permutes DL4J's kernel {@code [out, c, ky, kx]} at {@code kernel[offset…]} to {@code [out, ky,
   * kx, c]} in {@code out}.
   */
  static void kernelToChannelsLast(float[] kernel, int offset, ConvShape g, float[] out) {
    int channels = g.inChannels();
    int area = g.kernel() * g.kernel();
    int src = offset;
    for (int o = 0; o < g.outChannels(); o++) {
      int base = o * channels * area;
      for (int c = 0; c < channels; c++) {
        for (int p = 0; p < area; p++) {
          out[base + p * channels + c] = kernel[src++];
        }
      }
    }
  }

  /**
   * The inverse of {@link #kernelToChannelsLast}: {@code [out, ky, kx, c]} to {@code [out, c, ky,
   * kx]}.
   */
  static void kernelToChannelsFirst(float[] kernel, ConvShape g, float[] out, int offset) {
    int channels = g.inChannels();
    int area = g.kernel() * g.kernel();
    int dst = offset;
    for (int o = 0; o < g.outChannels(); o++) {
      int base = o * channels * area;
      for (int c = 0; c < channels; c++) {
        for (int p = 0; p < area; p++) {
          out[dst++] = kernel[base + p * channels + c];
        }
      }
    }
  }
}
