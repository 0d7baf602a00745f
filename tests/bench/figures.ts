/** Median and 99th percentile of a list of durations, in microseconds. */
export function percentiles(durationsMs: number[]): { median: number; p99: number } {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const at = (q: number) =>
    (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 1000;
  return { median: at(0.5), p99: at(0.99) };
}

/** "12.3 µs median, 45.6 µs p99" */
export function describePercentiles(durationsMs: number[]): string {
  const { median, p99 } = percentiles(durationsMs);
  return `${median.toFixed(1)} µs median, ${p99.toFixed(1)} µs p99`;
}
