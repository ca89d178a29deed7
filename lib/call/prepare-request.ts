import { isValidCorrelationId } from '../protocol/correlation';
import { HEADERS } from '../protocol/headers';
import { InvalidCallOptionError } from './errors';
import { validateIdempotencyKey } from './idempotency';
import { signRequest } from './signing';
import type { OutgoingRequest } from './transport';
import type { CallMethod, CallRequest } from './types';

/** A checked {@link CallRequest} with its body serialized, ready to be sent any number of times. */
export interface PreparedRequest {
	url: string;
	method: CallMethod;
	/** Every header except the per-attempt ones. */
	baseHeaders: Record<string, string>;
	/** The exact bytes every attempt sends and signs. */
	body?: Buffer;
	signingSecret?: string | Buffer;
}

const METHODS_WITHOUT_BODY: ReadonlySet<CallMethod> = new Set(['GET', 'HEAD']);

/**
 * Checks a request and serializes its body once.
 * @throws InvalidCallOptionError naming the field at fault.
 */
export function prepareRequest(request: CallRequest): PreparedRequest {
	const method = request.method ?? 'POST';
	requireHttpUrl(request.url);
	if (!isValidCorrelationId(request.correlationId)) {
		throw new InvalidCallOptionError(
			'correlationId',
			`correlationId must be 1 to 200 letters, digits or . _ : -, got ${JSON.stringify(request.correlationId)}`,
		);
	}
	validateIdempotencyKey(request.idempotencyKey, 'idempotencyKey');
	if (request.body !== undefined && METHODS_WITHOUT_BODY.has(method)) {
		throw new InvalidCallOptionError('body', `A ${method} request cannot carry a body`);
	}
	if (request.signingSecret !== undefined && request.signingSecret.length === 0) {
		// An empty secret would sign nothing worth verifying; better to say so than to send unsigned.
		throw new InvalidCallOptionError('signingSecret', 'signingSecret must not be empty');
	}

	const body =
		request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body), 'utf8');
	const baseHeaders: Record<string, string> = {
		accept: 'application/json, text/plain;q=0.9, */*;q=0.8',
		'user-agent': 'n8n-nodes-workflow-coordination',
		...lowerCaseNames(request.headers ?? {}),
		...(body ? { 'content-type': 'application/json; charset=utf-8' } : {}),
		[HEADERS.correlationId]: request.correlationId,
		[HEADERS.idempotencyKey]: request.idempotencyKey,
	};

	return { url: request.url, method, baseHeaders, body, signingSecret: request.signingSecret };
}

/**
 * The request for one attempt: the prepared one plus the attempt number and, with a secret, a
 * signature made now, so a retry long after the first try is not refused as expired.
 */
export function buildAttempt(
	prepared: PreparedRequest,
	attemptNumber: number,
	nowMs: number = Date.now(),
): OutgoingRequest {
	const signatureHeaders =
		prepared.signingSecret !== undefined
			? signRequest(
					prepared.signingSecret,
					prepared.body ?? '',
					prepared.baseHeaders[HEADERS.idempotencyKey] ?? '',
					nowMs,
				).headers
			: {};

	return {
		url: prepared.url,
		method: prepared.method,
		headers: {
			...prepared.baseHeaders,
			[HEADERS.attempt]: String(attemptNumber),
			...signatureHeaders,
		},
		body: prepared.body,
	};
}

function requireHttpUrl(url: string): void {
	const protocol = URL.canParse(url) ? new URL(url).protocol : undefined;
	if (protocol !== 'http:' && protocol !== 'https:') {
		throw new InvalidCallOptionError(
			'url',
			`url must be an absolute http:// or https:// URL, got ${JSON.stringify(url)}`,
		);
	}
}

// Header names are case-insensitive; lower-casing them lets a protocol header replace a user
// header of the same name instead of both being sent.
function lowerCaseNames(headers: Record<string, string>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
	);
}
