/**
 * Failures below HTTP that say nothing about the request itself, so trying again may well work:
 * the peer was restarting, an idle pooled connection was closed under us, a route flapped.
 * A POST retried after one of these may reach a receiver that already did the work; the
 * idempotency key, identical on every attempt, is what makes that safe.
 */
export const RETRYABLE_NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EHOSTUNREACH',
	'EHOSTDOWN',
	'ENETUNREACH',
	'ENETDOWN',
	'EAI_AGAIN',
]);

/** The code of a transport failure, `UNKNOWN` when it carries none. */
export function networkErrorCode(error: unknown): string {
	if (typeof error !== 'object' || error === null) return 'UNKNOWN';

	const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
	if (code) return code;

	// Older Node versions raise "socket hang up" without a code when the peer closes the socket
	// before answering; it is the same event as ECONNRESET.
	const message = error instanceof Error ? error.message : '';
	return /socket hang up/i.test(message) ? 'ECONNRESET' : 'UNKNOWN';
}

/** Whether a transport failure with this code is worth another attempt. */
export function isRetryableNetworkError(code: string): boolean {
	return RETRYABLE_NETWORK_ERROR_CODES.has(code);
}
