/*
 * Peak FP32 fused multiply-add rate of one core: the physical floor of the step benchmarks.
 * Each loop keeps ACC independent accumulators (more than FMA latency x FMA ports), so nothing but
 * the FMA units limits it. Written in C because it measures the machine, not the JVM; the step
 * benchmarks divide each step's FLOP count by this rate (scripts/bench-peak.sh).
 * Prints one JSON line per width: {"isa":..., "gflops":...} (median of the repeats).
 */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ACC 16
#define INNER 100000000L / ACC

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

__attribute__((target("avx512f"))) static float run512(long iters, float seed) {
  __m512 acc[ACC];
  __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(seed * 1e-7f);
  for (int i = 0; i < ACC; i++) acc[i] = _mm512_set1_ps(seed + i);
  for (long n = 0; n < iters; n++) {
#pragma GCC unroll 16
    for (int i = 0; i < ACC; i++) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
  }
  __m512 s = acc[0];
  for (int i = 1; i < ACC; i++) s = _mm512_add_ps(s, acc[i]);
  return _mm512_reduce_add_ps(s);
}

__attribute__((target("avx2,fma"))) static float run256(long iters, float seed) {
  __m256 acc[ACC];
  __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(seed * 1e-7f);
  for (int i = 0; i < ACC; i++) acc[i] = _mm256_set1_ps(seed + i);
  for (long n = 0; n < iters; n++) {
#pragma GCC unroll 16
    for (int i = 0; i < ACC; i++) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
  }
  __m256 s = acc[0];
  for (int i = 1; i < ACC; i++) s = _mm256_add_ps(s, acc[i]);
  float out[8];
  _mm256_storeu_ps(out, s);
  return out[0] + out[7];
}

static void measure(const char *isa, int lanes, float (*run)(long, float), int repeats) {
  double *g = malloc(sizeof(double) * repeats);
  volatile float sink = 0;
  sink += run(INNER / 10, 1.0f);
  for (int r = 0; r < repeats; r++) {
    double t0 = now();
    sink += run(INNER, 1.0f + r);
    double dt = now() - t0;
    g[r] = 2.0 * lanes * ACC * (double)INNER / dt / 1e9;
  }
  qsort(g, repeats, sizeof(double), cmp);
  printf("{\"isa\":\"%s\",\"lanes\":%d,\"gflops\":%.2f,\"min\":%.2f,\"max\":%.2f,\"repeats\":%d}\n",
         isa, lanes, g[repeats / 2], g[0], g[repeats - 1], repeats);
  free(g);
}

int main(int argc, char **argv) {
  int repeats = argc > 1 ? atoi(argv[1]) : 7;
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    measure("avx2-fma", 8, run256, repeats);
  if (__builtin_cpu_supports("avx512f")) measure("avx512f", 16, run512, repeats);
  return 0;
}
