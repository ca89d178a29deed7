import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local target that answers every POST at once; it counts what it saw. */
export interface AnswerServer {
	url: string;
	/** Requests and TCP connections since the last reset. */
	counts(): { requests: number; connections: number; badBodies: number };
	reset(): void;
	close(): Promise<void>;
}

/**
 * Starts the benchmark's target on 127.0.0.1: it reads the JSON body (counting bodies that do not
 * parse, so a node that sent something else is noticed) and answers `{ ok: true }` with no delay,
 * so that what is measured is the calling node, not the callee.
 */
export async function startAnswerServer(): Promise<AnswerServer> {
	let requests = 0;
	let connections = 0;
	let badBodies = 0;
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			requests++;
			try {
				JSON.parse(Buffer.concat(chunks).toString('utf8'));
			} catch {
				badBodies++;
			}
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end('{"ok":true}');
		});
	});
	server.on('connection', () => connections++);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}/answer`,
		counts: () => ({ requests, connections, badBodies }),
		reset: () => {
			requests = 0;
			connections = 0;
			badBodies = 0;
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
