import {
	guardAgainstReplay,
	judgeRepeatedSignature,
	replayRecordTtlSeconds,
	SIGNATURE_NAMESPACE,
} from '../../../../nodes/CoordinationTrigger/replay-guard';
import type { StateStore } from '../../../../lib/state';
import { embeddedBackend } from '../../../support/state-backends';

describe('judgeRepeatedSignature', () => {
	it('refuses a repeated signature without an idempotency key', () => {
		expect(judgeRepeatedSignature({ idempotencyKey: null }, null, true)).toBe('replayed');
	});

	it('refuses a repeated signature whose idempotency key differs from the first use', () => {
		expect(judgeRepeatedSignature({ idempotencyKey: 'a' }, 'b', true)).toBe('replayed');
	});

	it('passes a repeat with the same key on to deduplication', () => {
		expect(judgeRepeatedSignature({ idempotencyKey: 'a' }, 'a', true)).toBe('retryOfSameKey');
	});

	it('refuses every repeat when deduplication is off, since nothing else would stop a second run', () => {
		expect(judgeRepeatedSignature({ idempotencyKey: 'a' }, 'a', false)).toBe('replayed');
	});
});

describe('replayRecordTtlSeconds', () => {
	it('keeps the record until the signature would be expired anyway', () => {
		const signedAt = 1_800_000_000;

		expect(replayRecordTtlSeconds(signedAt, 300, signedAt * 1000)).toBe(301);
		expect(replayRecordTtlSeconds(signedAt, 300, (signedAt + 100) * 1000 + 999)).toBe(201);
	});

	it('never asks for less than one second', () => {
		expect(replayRecordTtlSeconds(1_000, 300, 10_000_000)).toBe(1);
	});
});

describe('guardAgainstReplay on the embedded store', () => {
	const backend = embeddedBackend();
	let store: StateStore;

	beforeEach(async () => {
		await backend.setUp();
		store = await backend.openStore();
	});

	afterEach(async () => {
		await backend.dispose();
	});

	const signature = { replayKey: 'ab'.repeat(32), signedAt: Math.floor(Date.now() / 1000) };

	it('accepts a signature once and refuses it the second time', async () => {
		const input = {
			store,
			scope: 'wf1/path',
			signature,
			toleranceSeconds: 300,
			idempotencyKey: null,
			deduplicating: true,
		};

		expect(await guardAgainstReplay(input)).toBe('firstUse');
		expect(await guardAgainstReplay(input)).toBe('replayed');
	});

	it('records the signature with a time to live and the key it came with', async () => {
		await guardAgainstReplay({
			store,
			scope: 'wf1/path',
			signature,
			toleranceSeconds: 300,
			idempotencyKey: 'k-1',
			deduplicating: true,
		});

		const key = `wf1/path|${signature.replayKey}`;
		const stored = (await store.getMany(SIGNATURE_NAMESPACE, [key])).get(key);
		expect(stored?.value).toMatchObject({ idempotencyKey: 'k-1' });
		expect(stored?.expiresAt).not.toBeNull();
	});

	it('keeps scopes apart: the same signature on another workflow path is a first use', async () => {
		const base = {
			store,
			signature,
			toleranceSeconds: 300,
			idempotencyKey: null,
			deduplicating: true,
		};

		expect(await guardAgainstReplay({ ...base, scope: 'wf1/a' })).toBe('firstUse');
		expect(await guardAgainstReplay({ ...base, scope: 'wf2/a' })).toBe('firstUse');
	});

	it('lets exactly one of many concurrent uses of a signature through', async () => {
		const input = {
			store,
			scope: 'wf1/race',
			signature,
			toleranceSeconds: 300,
			idempotencyKey: null,
			deduplicating: true,
		};

		const verdicts = await Promise.all(Array.from({ length: 8 }, () => guardAgainstReplay(input)));

		expect(verdicts.filter((verdict) => verdict === 'firstUse')).toHaveLength(1);
	});
});
