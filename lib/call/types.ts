import type { AttemptRecord } from './errors';
import type { RetryPolicy } from './retry-policy';

/** Any value JSON can carry. */
export type JsonValue =
	string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Methods a workflow webhook can listen on. */
export type CallMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/** One call to another workflow's webhook, the same for every attempt of it. */
export interface CallRequest {
	/** An absolute http or https URL. */
	url: string;
	/** @default 'POST' */
	method?: CallMethod;
	/** Extra headers; the protocol headers the machinery sets win over any of the same name. */
	headers?: Record<string, string>;
	/** Serialized to JSON once, so the signature covers exactly the bytes sent. Omit to send none. */
	body?: JsonValue;
	correlationId: string;
	/** The same on every attempt, so the receiver can recognise a retry of work it already did. */
	idempotencyKey: string;
	/** When set, every attempt is signed afresh with it (see `signRequest`). */
	signingSecret?: string | Buffer;
}

/** Reported after every attempt, for logging. */
export interface AttemptInfo extends AttemptRecord {
	/** Whether another attempt follows. */
	willRetry: boolean;
	/** The wait before the next attempt, when there is one. */
	nextDelayMs?: number;
}

/** How a call is retried, timed and cancelled. */
export interface CallOptions {
	/** Overrides of the default retry policy. @default DEFAULT_RETRY_POLICY */
	policy?: Partial<RetryPolicy>;
	/** How long one attempt may take before it is aborted. @default DEFAULT_ATTEMPT_TIMEOUT_MS */
	attemptTimeoutMs?: number;
	/**
	 * Budget for the whole call, waits included, from the moment it starts: once spent, the
	 * attempt in flight is aborted and no other starts. @default DEFAULT_DEADLINE_MS
	 */
	deadlineMs?: number;
	/** The execution's cancel signal: when it fires the call stops at once. */
	signal?: AbortSignal;
	/** Called after each attempt; it runs inside the call, so it should be quick and not throw. */
	onAttempt?: (info: AttemptInfo) => void;
}

/** A call that got a 2xx answer. */
export interface CallResult {
	status: number;
	/** Lower-case names; repeated headers joined with `, `. */
	headers: Record<string, string>;
	/** Parsed JSON when the answer says it is JSON and parses, otherwise the text. */
	body: JsonValue;
	attempts: number;
	durationMs: number;
	attemptLog: AttemptRecord[];
}
