import { setTimeout as sleep } from 'node:timers/promises';

import type { StateRecord, StateStore } from '../../../lib/state';
import { refusal, type CallAnswer } from '../call-answers';
import type { CapturedAnswer } from '../response-capture';
import { replayAnswer } from './replay-answer';
import {
	IDEMPOTENCY_NAMESPACE,
	decideOnClaim,
	settledClaimValue,
	type ClaimValue,
} from './claim-state';

/** How long claims and answers are kept, and how long a duplicate waits for a running first call. */
export interface ClaimTimings {
	/** How long a completed answer is replayed. */
	retentionSeconds: number;
	/** How long a running claim holds the key if its call never finishes. */
	leaseSeconds: number;
	/** How long a duplicate waits for the first call's answer before it gets 409. */
	waitForRunningMs: number;
}

/** The outcome of {@link claimIdempotencyKey}. */
export type ClaimResult =
	| { kind: 'claimed'; claim: IdempotencyClaim }
	/** Answer this, without running the workflow. */
	| { kind: 'answered'; answer: CallAnswer; replayed: boolean };

const POLL_INTERVAL_MS = 250;
// Each round either claims, replays, waits, or lost a race to a call that claimed first;
// this many lost races in a row means something keeps rewriting the key.
const MAX_ROUNDS = 400;
const BUSY_RETRY_AFTER_SECONDS = 2;

/**
 * Makes the call the one that runs for its idempotency key, or answers it from the first call's
 * record: the recorded answer once that call completed, or 409 with Retry-After if it is still
 * running after `waitForRunningMs`. Every step is one atomic compare-and-set, so two calls racing
 * for a key never both run.
 */
export async function claimIdempotencyKey(
	store: StateStore,
	key: string,
	correlationId: string,
	timings: ClaimTimings,
): Promise<ClaimResult> {
	const deadline = Date.now() + timings.waitForRunningMs;
	let current: StateRecord | null = null;

	for (let round = 0; round < MAX_ROUNDS; round++) {
		const decision = decideOnClaim(current);
		if (decision.action === 'replay') {
			return { kind: 'answered', answer: replayAnswer(decision.answer), replayed: true };
		}
		if (decision.action === 'claim') {
			const running: ClaimValue = {
				state: 'running',
				correlationId,
				startedAt: new Date().toISOString(),
			};
			const [outcome] = await store.apply([
				{
					kind: 'compareAndSet',
					namespace: IDEMPOTENCY_NAMESPACE,
					key,
					value: running,
					expectedVersion: decision.expectedVersion,
					ttlSeconds: timings.leaseSeconds,
				},
			]);
			if (outcome.status === 'written') {
				return {
					kind: 'claimed',
					claim: new IdempotencyClaim(store, key, outcome.record.version, correlationId, timings),
				};
			}
			if (outcome.status !== 'conflict') {
				throw new Error(`Claiming the idempotency key failed unexpectedly (${outcome.status})`);
			}
			current = outcome.current;
			continue;
		}

		const remainingMs = deadline - Date.now();
		if (remainingMs <= 0) break;
		await sleep(Math.min(POLL_INTERVAL_MS, remainingMs));
		current = (await store.getMany(IDEMPOTENCY_NAMESPACE, [key])).get(key) ?? null;
	}

	return { kind: 'answered', answer: busyAnswer(), replayed: false };
}

/** A key this call holds: settle it once the answer is known. */
export class IdempotencyClaim {
	constructor(
		private readonly store: StateStore,
		readonly key: string,
		private readonly version: number,
		private readonly correlationId: string,
		private readonly timings: ClaimTimings,
	) {}

	/**
	 * Records the answer the caller got: a 2xx is kept and replayed to duplicates, anything else
	 * marks the claim failed so the next call with the key runs the workflow again.
	 * @returns 'lost' when the lease had run out and another call claimed the key meanwhile.
	 */
	async settle(answer: CapturedAnswer): Promise<ClaimValue['state'] | 'lost'> {
		const value = settledClaimValue(answer, this.correlationId);
		const [outcome] = await this.store.apply([
			{
				kind: 'compareAndSet',
				namespace: IDEMPOTENCY_NAMESPACE,
				key: this.key,
				value,
				expectedVersion: this.version,
				ttlSeconds:
					value.state === 'completed' ? this.timings.retentionSeconds : this.timings.leaseSeconds,
			},
		]);
		return outcome.status === 'written' ? value.state : 'lost';
	}
}

/** The answer for a duplicate whose first call is still running. */
function busyAnswer(): CallAnswer {
	return refusal(
		409,
		'idempotency_key_in_use',
		undefined,
		'A call with this idempotency key is still running. Retry after the Retry-After delay to get its answer.',
		{ 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) },
	);
}
