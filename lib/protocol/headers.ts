/**
 * HTTP headers the sending and receiving ends of a coordinated call agree on. Lower-case, because
 * Node's http module lower-cases incoming header names.
 */
export const HEADERS = {
	/** Traces one business transaction across every workflow it touches. */
	correlationId: 'x-correlation-id',
	/**
	 * Names one logical request; every retry of it carries the same value, so the receiver can
	 * answer a repeat without doing the work twice. The name follows the IETF httpapi draft.
	 */
	idempotencyKey: 'idempotency-key',
	/** Unix seconds at which the sender signed the request; part of the signed string. */
	signatureTimestamp: 'x-wfc-timestamp',
	/** `v2=<hex HMAC-SHA256>` over `<timestamp>.<idempotency key>.<raw body>` with the shared secret. */
	signature: 'x-wfc-signature',
	/** 1 for the first try of a request, 2 for the first retry, and so on. Informational. */
	attempt: 'x-wfc-attempt',
	/** The n8n execution that made the call, so the receiver can link back to it. */
	callerExecutionId: 'x-wfc-caller-execution-id',
	/** The n8n workflow that made the call. */
	callerWorkflowId: 'x-wfc-caller-workflow-id',
	/**
	 * RFC 7240. A fire-and-forget caller sends {@link RESPOND_ASYNC}: the Coordination Trigger then
	 * acknowledges with 202 at once, whatever its response mode, and runs the workflow afterwards.
	 */
	prefer: 'prefer',
} as const;

/** The `Prefer` value of a caller that does not wait for the workflow's answer. */
export const RESPOND_ASYNC = 'respond-async';
