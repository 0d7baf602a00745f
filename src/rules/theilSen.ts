/** A straight line fitted to points: `y = intercept + slope * x`. */
export interface Line {
  slope: number;
  intercept: number;
}

/** A robust line fit and how spread its pairwise slopes are. */
export interface TheilSenFit extends Line {
  /** The 25th and 75th percentiles of the pairwise slopes: a plain band of uncertainty. */
  slopeLow: number;
  slopeHigh: number;
}

/**
 * The Theil–Sen fit: the median of the slopes between every pair of points (pairs with the
 * same x skipped), the intercept the median of `y - slope * x`. One wild practice score moves
 * it far less than a least-squares line. Undefined with fewer than two distinct x values.
 */
export function theilSen(points: readonly { x: number; y: number }[]): TheilSenFit | undefined {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i]!;
      const b = points[j]!;
      if (a.x !== b.x) slopes.push((b.y - a.y) / (b.x - a.x));
    }
  }
  if (slopes.length === 0) return undefined;
  slopes.sort((a, b) => a - b);
  const slope = quantile(slopes, 0.5);
  const intercept = quantile(
    points.map((p) => p.y - slope * p.x).sort((a, b) => a - b),
    0.5,
  );
  return { slope, intercept, slopeLow: quantile(slopes, 0.25), slopeHigh: quantile(slopes, 0.75) };
}

/** A quantile of sorted values, interpolating between neighbours. */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}
