import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	captureResponse,
	type CapturedAnswer,
} from '../../../../nodes/CoordinationTrigger/response-capture';

/** Serves one request with `respond`, capturing what it sends, and returns what the client got. */
async function serveOnce(
	respond: (response: ServerResponse) => void,
	maxBytes?: number,
): Promise<{ captured: CapturedAnswer[]; received: { status: number; text: string } }> {
	const captured: CapturedAnswer[] = [];
	const server: Server = createServer((_request, response) => {
		captureResponse(response, (answer) => captured.push(answer), maxBytes);
		respond(response);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const { port } = server.address() as AddressInfo;
		const response = await fetch(`http://127.0.0.1:${port}/`);
		return { captured, received: { status: response.status, text: await response.text() } };
	} finally {
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}

describe('captureResponse', () => {
	it('reports status, content type and body of an answer sent with end', async () => {
		const { captured, received } = await serveOnce((response) => {
			response.statusCode = 422;
			response.setHeader('content-type', 'application/json');
			response.end('{"status":"rejected"}');
		});

		expect(received).toEqual({ status: 422, text: '{"status":"rejected"}' });
		expect(captured).toEqual([
			{
				status: 422,
				contentType: 'application/json',
				body: Buffer.from('{"status":"rejected"}'),
				truncated: false,
			},
		]);
	});

	it('joins chunks written before end, in order', async () => {
		const { captured } = await serveOnce((response) => {
			response.write('ab');
			response.write(Buffer.from('cd'));
			response.end('ef', 'utf8');
		});

		expect(captured[0].body.toString()).toBe('abcdef');
	});

	it('reports once when the response is ended twice, as n8n does after a Respond to Webhook node', async () => {
		const { captured } = await serveOnce((response) => {
			response.end('first');
			response.end();
		});

		expect(captured).toHaveLength(1);
		expect(captured[0].body.toString()).toBe('first');
	});

	it('keeps only the first bytes of a body above the limit, says so, and sends the whole body', async () => {
		const { captured, received } = await serveOnce((response) => response.end('0123456789'), 4);

		expect(received.text).toBe('0123456789');
		expect(captured[0]).toMatchObject({ truncated: true });
		expect(captured[0].body.toString()).toBe('0123');
	});
});
