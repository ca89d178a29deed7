import {
	MAX_CORRELATION_ID_LENGTH,
	isValidCorrelationId,
	resolveCorrelationId,
} from '../../../lib/protocol/correlation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('resolveCorrelationId', () => {
	it("continues the caller's trace when it sent a usable ID", () => {
		expect(resolveCorrelationId('order-42:3')).toBe('order-42:3');
	});

	it('trims whitespace around the incoming ID', () => {
		expect(resolveCorrelationId('  abc-1  ')).toBe('abc-1');
	});

	it('takes the first value when the header was sent twice', () => {
		expect(resolveCorrelationId(['first', 'second'])).toBe('first');
	});

	it('starts a new trace when no ID was sent', () => {
		expect(resolveCorrelationId(undefined)).toMatch(UUID);
		expect(resolveCorrelationId('')).toMatch(UUID);
	});

	it('replaces IDs with characters that do not belong in logs or keys', () => {
		expect(resolveCorrelationId('a b')).toMatch(UUID);
		expect(resolveCorrelationId("x';--")).toMatch(UUID);
	});

	it('replaces IDs longer than the limit', () => {
		const tooLong = 'a'.repeat(MAX_CORRELATION_ID_LENGTH + 1);
		expect(resolveCorrelationId(tooLong)).toMatch(UUID);
		expect(isValidCorrelationId('a'.repeat(MAX_CORRELATION_ID_LENGTH))).toBe(true);
	});

	it('generates a different ID each time', () => {
		expect(resolveCorrelationId(undefined)).not.toBe(resolveCorrelationId(undefined));
	});
});
