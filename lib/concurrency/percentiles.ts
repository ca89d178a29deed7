/** Duration percentiles of the branches that finished, in milliseconds. */
export interface DurationPercentiles {
	p50: number;
	p95: number;
}

/**
 * Nearest-rank percentiles (always a duration that was actually observed, never interpolated).
 * Undefined when nothing finished, so an empty run does not report a misleading 0.
 */
export function durationPercentiles(
	durationsMs: readonly number[],
): DurationPercentiles | undefined {
	if (durationsMs.length === 0) return undefined;
	const sorted = [...durationsMs].sort((a, b) => a - b);
	return { p50: nearestRank(sorted, 50), p95: nearestRank(sorted, 95) };
}

function nearestRank(sorted: readonly number[], percent: number): number {
	const rank = Math.ceil((percent / 100) * sorted.length);
	return sorted[Math.max(0, rank - 1)];
}
