import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server saw of one request. */
export interface SeenRequest {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
	rawBody: Buffer;
	/** Which TCP connection carried it, numbered from 1 in order of arrival. */
	connection: number;
}

/** Answers one request; may also hang (do nothing) or destroy the socket. */
export type Step = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/** A local server that answers request N with step N (the last step repeats). */
export interface ScriptedServer {
	url: string;
	requests: SeenRequest[];
	connectionCount(): number;
	/** Resolves when `count` requests have arrived. */
	waitForRequests(count: number): Promise<void>;
	close(): Promise<void>;
}

/** Answers with a status, an optional JSON body and headers. */
export function reply(
	status: number,
	body?: unknown,
	headers: http.OutgoingHttpHeaders = {},
): Step {
	return (_request, response) => {
		const text = body === undefined ? '' : JSON.stringify(body);
		response.writeHead(status, { 'content-type': 'application/json', ...headers });
		response.end(text);
	};
}

/** Never answers; the client's timeout or abort has to end the exchange. */
export const hang: Step = () => undefined;

/** Drops the connection without answering, as a crashing or restarting server would. */
export const resetConnection: Step = (request) => request.socket.destroy();

/** Starts a server on 127.0.0.1 on a free port. */
export async function startScriptedServer(steps: Step[]): Promise<ScriptedServer> {
	const requests: SeenRequest[] = [];
	const waiters: Array<() => void> = [];
	const connectionIds = new WeakMap<object, number>();
	let connections = 0;

	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			requests.push({
				method: request.method ?? '',
				url: request.url ?? '',
				headers: request.headers,
				rawBody: Buffer.concat(chunks),
				connection: connectionIds.get(request.socket) ?? 0,
			});
			waiters.splice(0).forEach((wake) => wake());
			steps[Math.min(requests.length, steps.length) - 1](request, response);
		});
	});
	server.on('connection', (socket) => connectionIds.set(socket, ++connections));

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}/webhook/target`,
		requests,
		connectionCount: () => connections,
		waitForRequests: async (count) => {
			while (requests.length < count) await new Promise<void>((wake) => waiters.push(wake));
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** A port on 127.0.0.1 that nothing listens on, for connection-refused cases. */
export async function closedPort(): Promise<number> {
	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
