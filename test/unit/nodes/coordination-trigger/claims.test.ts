import { claimIdempotencyKey } from '../../../../nodes/CoordinationTrigger/idempotency/claims';
import { REPLAY_HEADER } from '../../../../nodes/CoordinationTrigger/idempotency/replay-answer';
import type { CapturedAnswer } from '../../../../nodes/CoordinationTrigger/response-capture';
import type { StateStore } from '../../../../lib/state';
import { embeddedBackend } from '../../../support/state-backends';

const TIMINGS = { retentionSeconds: 3600, leaseSeconds: 60, waitForRunningMs: 0 };

function answer(status: number, text: string): CapturedAnswer {
	return { status, contentType: 'application/json', body: Buffer.from(text), truncated: false };
}

describe('claimIdempotencyKey on the embedded store', () => {
	const backend = embeddedBackend();
	let store: StateStore;

	beforeEach(async () => {
		await backend.setUp();
		store = await backend.openStore();
	});

	afterEach(async () => {
		await backend.dispose();
	});

	it('gives the first call the claim and a concurrent duplicate 409 with Retry-After', async () => {
		const first = await claimIdempotencyKey(store, 'k1', 'c-1', TIMINGS);
		const duplicate = await claimIdempotencyKey(store, 'k1', 'c-2', TIMINGS);

		expect(first.kind).toBe('claimed');
		expect(duplicate).toMatchObject({
			kind: 'answered',
			replayed: false,
			answer: {
				status: 409,
				body: { error: 'idempotency_key_in_use' },
				headers: { 'retry-after': '2' },
			},
		});
	});

	it('replays the first answer, byte for byte and marked, once the first call completed', async () => {
		const first = await claimIdempotencyKey(store, 'k2', 'c-1', TIMINGS);
		if (first.kind !== 'claimed') throw new Error('expected a claim');
		expect(await first.claim.settle(answer(201, '{"id": 7}'))).toBe('completed');

		const duplicate = await claimIdempotencyKey(store, 'k2', 'c-2', TIMINGS);

		expect(duplicate).toMatchObject({ kind: 'answered', replayed: true });
		if (duplicate.kind !== 'answered') return;
		expect(duplicate.answer.status).toBe(201);
		expect(duplicate.answer.headers).toEqual({ [REPLAY_HEADER]: 'true' });
		expect(duplicate.answer.rawBody).toEqual({
			bytes: Buffer.from('{"id": 7}'),
			contentType: 'application/json',
		});
	});

	it('lets the next call run again after the first answered with an error status', async () => {
		const first = await claimIdempotencyKey(store, 'k3', 'c-1', TIMINGS);
		if (first.kind !== 'claimed') throw new Error('expected a claim');
		expect(await first.claim.settle(answer(503, '{}'))).toBe('failed');

		const retry = await claimIdempotencyKey(store, 'k3', 'c-2', TIMINGS);

		expect(retry.kind).toBe('claimed');
	});

	it('gives exactly one of many simultaneous calls with one key the claim', async () => {
		const results = await Promise.all(
			Array.from({ length: 10 }, (_, index) =>
				claimIdempotencyKey(store, 'k4', `c-${index}`, TIMINGS),
			),
		);

		expect(results.filter((result) => result.kind === 'claimed')).toHaveLength(1);
	});

	it("answers a waiting duplicate with the first call's answer as soon as it is recorded", async () => {
		const first = await claimIdempotencyKey(store, 'k5', 'c-1', TIMINGS);
		if (first.kind !== 'claimed') throw new Error('expected a claim');

		const waiting = claimIdempotencyKey(store, 'k5', 'c-2', {
			...TIMINGS,
			waitForRunningMs: 30_000,
		});
		await first.claim.settle(answer(200, '{"done":true}'));

		const duplicate = await waiting;
		expect(duplicate).toMatchObject({ kind: 'answered', replayed: true, answer: { status: 200 } });
	});

	it('lets a waiting duplicate run the workflow itself when the first call fails meanwhile', async () => {
		const first = await claimIdempotencyKey(store, 'k6', 'c-1', TIMINGS);
		if (first.kind !== 'claimed') throw new Error('expected a claim');

		const waiting = claimIdempotencyKey(store, 'k6', 'c-2', {
			...TIMINGS,
			waitForRunningMs: 30_000,
		});
		await first.claim.settle(answer(500, '{}'));

		expect((await waiting).kind).toBe('claimed');
	});

	it('frees a key whose holder never answered once the lease runs out', async () => {
		const first = await claimIdempotencyKey(store, 'k7', 'c-1', { ...TIMINGS, leaseSeconds: 1 });
		expect(first.kind).toBe('claimed');

		await new Promise((resolve) => setTimeout(resolve, 1100));
		const later = await claimIdempotencyKey(store, 'k7', 'c-2', TIMINGS);

		expect(later.kind).toBe('claimed');
	});

	it('reports a claim that lost its key to a later call after the lease ran out', async () => {
		const first = await claimIdempotencyKey(store, 'k8', 'c-1', { ...TIMINGS, leaseSeconds: 1 });
		if (first.kind !== 'claimed') throw new Error('expected a claim');
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const second = await claimIdempotencyKey(store, 'k8', 'c-2', TIMINGS);
		if (second.kind !== 'claimed') throw new Error('expected a claim');
		await second.claim.settle(answer(200, '{"by":"second"}'));

		expect(await first.claim.settle(answer(200, '{"by":"first"}'))).toBe('lost');
	});
});
