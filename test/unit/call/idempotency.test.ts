import { InvalidCallOptionError } from '../../../lib/call/errors';
import {
	deriveIdempotencyKey,
	MAX_IDEMPOTENCY_KEY_LENGTH,
	validateIdempotencyKey,
} from '../../../lib/call/idempotency';

const SOURCE = { correlationId: 'order-42', target: 'https://n8n.example/webhook/b', itemIndex: 0 };

describe('deriveIdempotencyKey', () => {
	it('gives the same key for the same call, every time', () => {
		expect(deriveIdempotencyKey(SOURCE)).toBe(deriveIdempotencyKey({ ...SOURCE }));
	});

	it('is a prefixed, truncated SHA-256 of the JSON-encoded parts', () => {
		// printf '%s' '["order-42","https://n8n.example/webhook/b",0]' | openssl dgst -sha256
		expect(deriveIdempotencyKey(SOURCE)).toBe('wfc1_2b14a87c14f1396ba7c4bdf24bdb85bd');
	});

	it('gives different keys when any part differs', () => {
		const keys = new Set([
			deriveIdempotencyKey(SOURCE),
			deriveIdempotencyKey({ ...SOURCE, itemIndex: 1 }),
			deriveIdempotencyKey({ ...SOURCE, correlationId: 'order-43' }),
			deriveIdempotencyKey({ ...SOURCE, target: 'https://n8n.example/webhook/c' }),
		]);
		expect(keys.size).toBe(4);
	});

	it('does not confuse parts whose concatenation is the same', () => {
		expect(deriveIdempotencyKey({ correlationId: 'a:b', target: 'c', itemIndex: 0 })).not.toBe(
			deriveIdempotencyKey({ correlationId: 'a', target: 'b:c', itemIndex: 0 }),
		);
	});

	it('produces a key that passes its own validation', () => {
		expect(validateIdempotencyKey(deriveIdempotencyKey(SOURCE))).toBe(deriveIdempotencyKey(SOURCE));
	});
});

describe('validateIdempotencyKey', () => {
	function messageFor(value: string, fieldName?: string): string {
		try {
			validateIdempotencyKey(value, fieldName);
		} catch (error) {
			if (error instanceof InvalidCallOptionError) return `${error.option}: ${error.message}`;
			throw error;
		}
		throw new Error('expected the key to be refused');
	}

	it('accepts printable ASCII up to the length limit, spaces inside included', () => {
		expect(validateIdempotencyKey('order 42 / retry#1')).toBe('order 42 / retry#1');
		expect(validateIdempotencyKey('k'.repeat(MAX_IDEMPOTENCY_KEY_LENGTH))).toHaveLength(200);
	});

	it('refuses a key over 200 characters, naming the field and the length', () => {
		expect(messageFor('k'.repeat(201), 'Idempotency Key')).toBe(
			'Idempotency Key: Idempotency Key is 201 characters long; at most 200 are allowed',
		);
	});

	it('refuses an empty key', () => {
		expect(messageFor('')).toBe('idempotencyKey: idempotencyKey must not be empty');
	});

	it('refuses characters outside printable ASCII', () => {
		expect(messageFor('café')).toMatch(/^idempotencyKey: .*only printable ASCII.*"café"/);
		expect(messageFor('a\nb')).toMatch(/only printable ASCII/);
		expect(messageFor('tab\there')).toMatch(/only printable ASCII/);
	});

	it('refuses leading or trailing spaces, which HTTP would strip', () => {
		expect(messageFor(' key')).toMatch(/must not start or end with a space/);
		expect(messageFor('key ')).toMatch(/must not start or end with a space/);
	});
});
