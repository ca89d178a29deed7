import { randomUUID } from 'node:crypto';

/**
 * Longest correlation ID we accept from a caller. IDs are logged and stored as keys, so an
 * unbounded value from the network would be a way to bloat both.
 */
export const MAX_CORRELATION_ID_LENGTH = 200;

// Letters, digits and the separators that IDs built as `<parent>:<index>` or UUIDs use.
const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:-]+$/;

/** Whether a caller-supplied correlation ID is safe to reuse as is. */
export function isValidCorrelationId(value: string): boolean {
	return (
		value.length > 0 &&
		value.length <= MAX_CORRELATION_ID_LENGTH &&
		CORRELATION_ID_PATTERN.test(value)
	);
}

/**
 * The correlation ID for this hop: the caller's when it sent a usable one, so the trace continues,
 * otherwise a new UUID, so the trace starts here.
 */
export function resolveCorrelationId(incoming: string | string[] | undefined): string {
	const candidate = Array.isArray(incoming) ? incoming[0] : incoming;
	const trimmed = candidate?.trim();
	return trimmed && isValidCorrelationId(trimmed) ? trimmed : randomUUID();
}
