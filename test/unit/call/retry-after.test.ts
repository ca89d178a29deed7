import { parseRetryAfter } from '../../../lib/call/backoff';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
	it('reads delta-seconds as milliseconds', () => {
		expect(parseRetryAfter('1', NOW)).toBe(1000);
		expect(parseRetryAfter('120', NOW)).toBe(120_000);
		expect(parseRetryAfter(' 7 ', NOW)).toBe(7000);
		expect(parseRetryAfter('0', NOW)).toBe(0);
	});

	it('reads an IMF-fixdate as the time until then', () => {
		expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', NOW)).toBe(30_000);
	});

	it('reads the obsolete RFC 850 and asctime date forms as GMT', () => {
		expect(parseRetryAfter('Sunday, 01-Mar-26 12:01:00 GMT', NOW)).toBe(60_000);
		expect(parseRetryAfter('Sun Mar  1 12:00:10 2026', NOW)).toBe(10_000);
	});

	it('ignores a date in the past', () => {
		expect(parseRetryAfter('Sun, 01 Mar 2026 11:59:00 GMT', NOW)).toBeUndefined();
	});

	it('ignores negative, fractional and empty values', () => {
		expect(parseRetryAfter('-5', NOW)).toBeUndefined();
		expect(parseRetryAfter('1.5', NOW)).toBeUndefined();
		expect(parseRetryAfter('', NOW)).toBeUndefined();
		expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
	});

	it('ignores garbage', () => {
		expect(parseRetryAfter('soon', NOW)).toBeUndefined();
		expect(parseRetryAfter('5 seconds', NOW)).toBeUndefined();
		expect(parseRetryAfter('Foo, 99 Bar 2026 25:61:00 GMT', NOW)).toBeUndefined();
	});
});
