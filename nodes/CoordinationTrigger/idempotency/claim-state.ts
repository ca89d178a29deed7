import type { JsonObject, JsonValue, StateRecord } from '../../../lib/state';
import type { CapturedAnswer } from '../response-capture';

/** Where idempotency claims and the answers they recorded live. */
export const IDEMPOTENCY_NAMESPACE = 'wfc.idempotency';

/** The first call's answer, as kept for its duplicates. */
export type RecordedAnswer = {
	status: number;
	contentType: string | null;
	/** The body, as text when it is valid UTF-8, otherwise base64. */
	body: string;
	bodyEncoding: 'utf8' | 'base64';
	/** The body was too large to keep: duplicates get the status and a note instead. */
	bodyOmitted: boolean;
};

/**
 * One idempotency key's record. `running` while the first call's workflow runs (its TTL is the
 * lease: a claim whose holder died frees itself), `completed` once a 2xx answer was sent (kept for
 * the retention time), `failed` when the answer was not 2xx: the next call with the key runs again.
 */
export type ClaimValue =
	| { state: 'running'; correlationId: string; startedAt: string }
	| { state: 'completed'; correlationId: string; completedAt: string; answer: RecordedAnswer }
	| { state: 'failed'; correlationId: string; failedAt: string; status: number };

/** What a call does about the record it found for its key. */
export type ClaimDecision =
	/** Write a `running` claim over the record with this version (0: there is none). */
	| { action: 'claim'; expectedVersion: number }
	| { action: 'replay'; answer: RecordedAnswer }
	/** Another call holds the key and is still running. */
	| { action: 'wait' };

/**
 * The state machine of one key: absent or failed -> claim; running -> wait; completed -> replay.
 * A record this version cannot read is claimed over rather than left to block the key.
 */
export function decideOnClaim(current: StateRecord | null): ClaimDecision {
	if (current === null) return { action: 'claim', expectedVersion: 0 };
	const value = parseClaimValue(current.value);
	if (value?.state === 'running') return { action: 'wait' };
	if (value?.state === 'completed') return { action: 'replay', answer: value.answer };
	return { action: 'claim', expectedVersion: current.version };
}

/** The record that settles a claim: `completed` for a 2xx answer, `failed` otherwise. */
export function settledClaimValue(
	answer: CapturedAnswer,
	correlationId: string,
	now: Date = new Date(),
): ClaimValue {
	if (answer.status < 200 || answer.status >= 300) {
		return { state: 'failed', correlationId, failedAt: now.toISOString(), status: answer.status };
	}
	return {
		state: 'completed',
		correlationId,
		completedAt: now.toISOString(),
		answer: recordAnswer(answer),
	};
}

/** Keeps an answer's body as text when it round-trips through UTF-8, as base64 otherwise. */
export function recordAnswer(answer: CapturedAnswer): RecordedAnswer {
	if (answer.truncated) {
		return { ...answerHead(answer), body: '', bodyEncoding: 'utf8', bodyOmitted: true };
	}
	const text = answer.body.toString('utf8');
	const isText = Buffer.from(text, 'utf8').equals(answer.body);
	return {
		...answerHead(answer),
		body: isText ? text : answer.body.toString('base64'),
		bodyEncoding: isText ? 'utf8' : 'base64',
		bodyOmitted: false,
	};
}

/** Reads a stored claim; undefined when it is not one this version wrote. */
export function parseClaimValue(value: JsonValue): ClaimValue | undefined {
	if (!isObject(value) || typeof value.correlationId !== 'string') return undefined;
	if (value.state === 'running' && typeof value.startedAt === 'string') {
		return { state: 'running', correlationId: value.correlationId, startedAt: value.startedAt };
	}
	if (value.state === 'failed' && typeof value.failedAt === 'string') {
		return {
			state: 'failed',
			correlationId: value.correlationId,
			failedAt: value.failedAt,
			status: typeof value.status === 'number' ? value.status : 0,
		};
	}
	const answer = value.state === 'completed' ? parseRecordedAnswer(value.answer) : undefined;
	if (answer && typeof value.completedAt === 'string') {
		return {
			state: 'completed',
			correlationId: value.correlationId,
			completedAt: value.completedAt,
			answer,
		};
	}
	return undefined;
}

function parseRecordedAnswer(value: JsonValue | undefined): RecordedAnswer | undefined {
	if (value === undefined || !isObject(value)) return undefined;
	const { status, contentType, body, bodyEncoding, bodyOmitted } = value;
	const wellFormed =
		typeof status === 'number' &&
		(typeof contentType === 'string' || contentType === null) &&
		typeof body === 'string' &&
		(bodyEncoding === 'utf8' || bodyEncoding === 'base64') &&
		typeof bodyOmitted === 'boolean';
	return wellFormed ? { status, contentType, body, bodyEncoding, bodyOmitted } : undefined;
}

function answerHead(answer: CapturedAnswer): Pick<RecordedAnswer, 'status' | 'contentType'> {
	return { status: answer.status, contentType: answer.contentType };
}

function isObject(value: JsonValue): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
