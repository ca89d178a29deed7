// The benchmark's own HTTP pieces: a POST without a client-side header timeout (a 1,000-item parent
// can take minutes), the raw load generator (a keep-alive loop at fixed concurrency), and the slow
// local server the I/O-bound sub-workflow calls.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** POSTs JSON and resolves with the status and parsed body; rejects after `timeoutMs`. */
export function postJson(
	url: string,
	body: unknown,
	timeoutMs: number,
	agent?: http.Agent,
): Promise<{ status: number; body: unknown }> {
	const payload = JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const request = http.request(
			url,
			{
				method: 'POST',
				agent,
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(payload),
				},
			},
			(response) => {
				let text = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => (text += chunk));
				response.on('end', () => {
					clearTimeout(timer);
					let parsed: unknown = text;
					try {
						parsed = JSON.parse(text);
					} catch {
						// Not JSON: keep the text.
					}
					resolve({ status: response.statusCode ?? 0, body: parsed });
				});
			},
		);
		const timer = setTimeout(
			() => request.destroy(new Error(`No answer from ${url} within ${timeoutMs} ms`)),
			timeoutMs,
		);
		request.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		request.end(payload);
	});
}

/**
 * Sends `total` POSTs with `concurrency` in flight over keep-alive connections: the most this n8n
 * can answer the webhook at that concurrency, with no node in between.
 * @returns how many answered 2xx.
 */
export async function keepAliveLoad(
	url: string,
	total: number,
	concurrency: number,
	timeoutMs: number,
): Promise<number> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	let next = 0;
	let ok = 0;
	const worker = async () => {
		while (next < total) {
			const n = next++;
			const response = await postJson(url, { n }, timeoutMs, agent);
			if (response.status >= 200 && response.status < 300) ok += 1;
		}
	};
	try {
		await Promise.all(Array.from({ length: concurrency }, worker));
	} finally {
		agent.destroy();
	}
	return ok;
}

export interface SlowServer {
	url: string;
	requests(): number;
	close(): Promise<void>;
}

/** A local server that answers every request after `delayMs`: the I/O a sub-workflow waits on. */
export async function startSlowServer(delayMs: number): Promise<SlowServer> {
	let requests = 0;
	const server = http.createServer((_request, response) => {
		requests += 1;
		setTimeout(() => {
			response.setHeader('content-type', 'application/json');
			response.end(JSON.stringify({ ok: true }));
		}, delayMs);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/slow`,
		requests: () => requests,
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
