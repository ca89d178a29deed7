import http from 'node:http';
import https from 'node:https';

import axios from 'axios';

import type { CallMethod } from './types';

// Module scope on purpose: one pool per process, so consecutive calls (and every branch of a
// fan-out) reuse open connections instead of paying a TCP and TLS handshake each time. Node's
// agent honours the server's Keep-Alive timeout hint, which avoids most reuse-after-close races;
// the few that remain surface as ECONNRESET and are retried.
const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });

const client = axios.create({
	httpAgent,
	httpsAgent,
	// Following a redirect would resend the body and signature to a URL nobody configured.
	maxRedirects: 0,
	// Bytes in, bytes out: the body must reach the wire exactly as signed, and decoding the
	// answer is the caller's business. Every status resolves; the retry loop judges it.
	responseType: 'arraybuffer',
	transformRequest: [(data: unknown) => data],
	transformResponse: [(data: unknown) => data],
	validateStatus: () => true,
});

/** One HTTP exchange, as {@link sendRequest} sends it. */
export interface OutgoingRequest {
	url: string;
	method: CallMethod;
	headers: Record<string, string>;
	body?: Buffer;
}

/** An answer of any status. */
export interface RawResponse {
	status: number;
	/** Lower-case names; repeated headers joined with `, `. */
	headers: Record<string, string>;
	/** The body decoded as UTF-8. */
	text: string;
}

/**
 * Sends one request over the shared keep-alive pool.
 * @throws the transport's error when no answer arrives (a Node error with a `code`, or axios's
 *   cancellation error once `signal` fires).
 */
export async function sendRequest(
	request: OutgoingRequest,
	signal: AbortSignal,
): Promise<RawResponse> {
	const response = await client.request<unknown>({
		url: request.url,
		method: request.method,
		headers: request.headers,
		data: request.body,
		signal,
	});

	return {
		status: response.status,
		headers: flattenHeaders(response.headers),
		text: Buffer.isBuffer(response.data) ? response.data.toString('utf8') : '',
	};
}

function flattenHeaders(headers: object): Record<string, string> {
	const flat: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined || value === null) continue;
		flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return flat;
}
