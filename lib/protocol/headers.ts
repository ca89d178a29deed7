/**
 * HTTP headers the sending and receiving ends of a coordinated call agree on. Lower-case, because
 * Node's http module lower-cases incoming header names.
 */
export const HEADERS = {
	/** Traces one business transaction across every workflow it touches. */
	correlationId: 'x-correlation-id',
} as const;
