import { durationPercentiles } from '../../../lib/concurrency/percentiles';

describe('durationPercentiles', () => {
	it('takes the nearest rank, a duration that was actually observed', () => {
		const oneToTwenty = Array.from({ length: 20 }, (_, index) => index + 1).reverse();

		expect(durationPercentiles(oneToTwenty)).toEqual({ p50: 10, p95: 19 });
	});

	it('gives the only duration for both percentiles of a single branch', () => {
		expect(durationPercentiles([42])).toEqual({ p50: 42, p95: 42 });
	});

	it('is undefined when no branch finished', () => {
		expect(durationPercentiles([])).toBeUndefined();
	});
});
