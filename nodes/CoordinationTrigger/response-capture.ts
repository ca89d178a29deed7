import type { ServerResponse } from 'node:http';

/** The answer n8n sent for a call, as the caller received it. */
export interface CapturedAnswer {
	status: number;
	contentType: string | null;
	body: Buffer;
	/** The body was longer than the capture limit; `body` holds only its start. */
	truncated: boolean;
}

/** Longest answer body kept for replaying to a duplicate. @default 1 MiB */
export const MAX_CAPTURED_BODY_BYTES = 1024 * 1024;

type ChunkWriter = (...args: unknown[]) => unknown;

/**
 * Watches the response n8n sends later (when the last node finishes, or when a Respond to Webhook
 * node answers) and reports it once it ends. n8n writes the answer itself, after this node has
 * returned, so wrapping `write`/`end` is the one place where the status and body are all known.
 * `onEnd` is not called if the response never ends (n8n stopped mid-run): the caller's claim then
 * runs out on its own.
 */
export function captureResponse(
	response: ServerResponse,
	onEnd: (answer: CapturedAnswer) => void,
	maxBytes: number = MAX_CAPTURED_BODY_BYTES,
): void {
	const chunks: Buffer[] = [];
	let size = 0;
	let truncated = false;
	let ended = false;

	const keep = (chunk: unknown, encoding: unknown): void => {
		if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
		const bytes = toBuffer(chunk, encoding);
		if (!bytes) return;
		const room = maxBytes - size;
		if (bytes.length > room) truncated = true;
		if (room > 0) {
			chunks.push(bytes.subarray(0, room));
			size += Math.min(room, bytes.length);
		}
	};

	const originalWrite = response.write.bind(response) as ChunkWriter;
	const originalEnd = response.end.bind(response) as ChunkWriter;
	response.write = ((...args: unknown[]) => {
		if (!ended) keep(args[0], args[1]);
		return originalWrite(...args);
	}) as ServerResponse['write'];
	response.end = ((...args: unknown[]) => {
		// n8n ends some responses twice (an explicit end after send); only the first one counts.
		if (!ended) {
			ended = true;
			keep(args[0], args[1]);
			onEnd({
				status: response.statusCode,
				contentType: headerText(response.getHeader('content-type')),
				body: Buffer.concat(chunks),
				truncated,
			});
		}
		return originalEnd(...args);
	}) as ServerResponse['end'];
}

function toBuffer(chunk: unknown, encoding: unknown): Buffer | undefined {
	if (Buffer.isBuffer(chunk)) return chunk;
	if (chunk instanceof Uint8Array) return Buffer.from(chunk);
	if (typeof chunk === 'string') {
		const known = typeof encoding === 'string' && Buffer.isEncoding(encoding);
		return Buffer.from(chunk, known ? encoding : 'utf8');
	}
	return undefined;
}

function headerText(value: number | string | string[] | undefined): string | null {
	if (value === undefined) return null;
	return Array.isArray(value) ? value.join(', ') : String(value);
}
