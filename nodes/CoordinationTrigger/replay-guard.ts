import type { JsonValue, StateStore } from '../../lib/state';
import { scopedKey } from './call-scope';
import type { VerifiedSignature } from './verify-call-signature';

/** Where the signatures already seen are remembered, until they would be expired anyway. */
export const SIGNATURE_NAMESPACE = 'wfc.signatures';

/**
 * What a signature's second appearance means. `retryOfSameKey`: the same signed request with the
 * same idempotency key, which deduplication answers without running the workflow again (a quick
 * retry is signed in the same second as the first try and so carries the same signature).
 */
export type ReplayVerdict = 'firstUse' | 'retryOfSameKey' | 'replayed';

/** The inputs of {@link guardAgainstReplay}. */
export interface ReplayGuardInput {
	store: StateStore;
	scope: string;
	signature: VerifiedSignature;
	toleranceSeconds: number;
	idempotencyKey: string | null;
	/** Whether deduplication will answer a repeated idempotency key. */
	deduplicating: boolean;
	/** Epoch milliseconds; defaults to the clock. */
	now?: number;
}

/**
 * Records a verified signature, in one atomic create-if-absent, and says whether it was new.
 * The record lives exactly as long as the signature could still pass verification.
 */
export async function guardAgainstReplay(input: ReplayGuardInput): Promise<ReplayVerdict> {
	const now = input.now ?? Date.now();
	const [outcome] = await input.store.apply([
		{
			kind: 'compareAndSet',
			namespace: SIGNATURE_NAMESPACE,
			key: scopedKey(input.scope, input.signature.replayKey),
			value: { idempotencyKey: input.idempotencyKey, firstSeenAt: new Date(now).toISOString() },
			expectedVersion: 0,
			ttlSeconds: replayRecordTtlSeconds(input.signature.signedAt, input.toleranceSeconds, now),
		},
	]);
	if (outcome.status === 'written') return 'firstUse';
	if (outcome.status !== 'conflict') {
		throw new Error(`Recording the signature failed unexpectedly (${outcome.status})`);
	}
	return judgeRepeatedSignature(
		outcome.current?.value ?? null,
		input.idempotencyKey,
		input.deduplicating,
	);
}

/**
 * Seconds until a signature made at `signedAt` fails the timestamp check: `signedAt + tolerance`,
 * plus one second because verification compares whole seconds.
 */
export function replayRecordTtlSeconds(
	signedAt: number,
	toleranceSeconds: number,
	now: number,
): number {
	return Math.max(1, signedAt + toleranceSeconds + 1 - Math.floor(now / 1000));
}

/**
 * A repeated signature is let through only to deduplication, and only when its idempotency key is
 * the one first seen with it. An attacker who changes the (unsigned) key is refused; one who keeps it
 * gets what any retry gets: the first call's recorded answer, or a new run only if the first failed.
 */
export function judgeRepeatedSignature(
	firstUse: JsonValue,
	idempotencyKey: string | null,
	deduplicating: boolean,
): ReplayVerdict {
	if (!deduplicating || idempotencyKey === null) return 'replayed';
	const firstKey =
		typeof firstUse === 'object' && firstUse !== null && !Array.isArray(firstUse)
			? firstUse.idempotencyKey
			: undefined;
	return firstKey === idempotencyKey ? 'retryOfSameKey' : 'replayed';
}
