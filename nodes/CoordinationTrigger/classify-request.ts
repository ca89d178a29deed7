import type { IncomingHttpHeaders } from 'node:http';

import { validateIdempotencyKey } from '../../lib/call';
import { resolveCorrelationId } from '../../lib/protocol/correlation';
import { HEADERS, RESPOND_ASYNC } from '../../lib/protocol/headers';
import { refusal, type CallAnswer } from './call-answers';

/** Who made the call, as the caller's headers say; null when a header is absent or unusable. */
export interface CallerIdentity {
	executionId: string | null;
	workflowId: string | null;
}

/** What the headers of one incoming call ask for, checked. */
export interface IncomingCall {
	correlationId: string;
	idempotencyKey: string | null;
	caller: CallerIdentity;
	/** The caller sent `Prefer: respond-async`: acknowledge with 202 at once. */
	respondAsync: boolean;
}

/** The outcome of {@link classifyRequest}: the call, or the answer that refuses it. */
export type RequestClassification =
	| { accepted: true; call: IncomingCall }
	| { accepted: false; correlationId: string; answer: CallAnswer };

// Caller IDs are copied into the output item and logs; n8n's IDs are short and printable.
const CALLER_ID_PATTERN = /^[\x21-\x7e]{1,100}$/;

/**
 * Reads the coordination headers of a request. Only a malformed idempotency key refuses the call:
 * silently dropping it would run a retried request twice, which is what the key is there to stop.
 */
export function classifyRequest(headers: IncomingHttpHeaders): RequestClassification {
	const correlationId = resolveCorrelationId(headers[HEADERS.correlationId]);
	const rawKey = firstValue(headers[HEADERS.idempotencyKey]);
	const keyProblem = rawKey === undefined ? undefined : idempotencyKeyProblem(rawKey);
	if (keyProblem !== undefined) {
		return {
			accepted: false,
			correlationId,
			answer: refusal(400, 'invalid_idempotency_key', undefined, keyProblem),
		};
	}

	return {
		accepted: true,
		call: {
			correlationId,
			idempotencyKey: rawKey ?? null,
			caller: {
				executionId: callerId(headers[HEADERS.callerExecutionId]),
				workflowId: callerId(headers[HEADERS.callerWorkflowId]),
			},
			respondAsync: prefersRespondAsync(headers[HEADERS.prefer]),
		},
	};
}

/**
 * Whether a `Prefer` header (RFC 7240) holds `respond-async`. Preferences are comma-separated and
 * may carry parameters after `;`; names are case-insensitive.
 */
export function prefersRespondAsync(prefer: string | string[] | undefined): boolean {
	const values = Array.isArray(prefer) ? prefer : prefer === undefined ? [] : [prefer];
	return values
		.flatMap((value) => value.split(','))
		.some((preference) => preference.split(';')[0].trim().toLowerCase() === RESPOND_ASYNC);
}

function idempotencyKeyProblem(key: string): string | undefined {
	try {
		validateIdempotencyKey(key, `The ${HEADERS.idempotencyKey} header`);
		return undefined;
	} catch (error) {
		return error instanceof Error ? error.message : String(error);
	}
}

function callerId(header: string | string[] | undefined): string | null {
	const value = firstValue(header)?.trim();
	return value !== undefined && CALLER_ID_PATTERN.test(value) ? value : null;
}

function firstValue(header: string | string[] | undefined): string | undefined {
	return Array.isArray(header) ? header[0] : header;
}
