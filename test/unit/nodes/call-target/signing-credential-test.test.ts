import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ICredentialTestFunctions, ICredentialsDecrypted } from 'n8n-workflow';

import { testSigningCredential } from '../../../../nodes/shared/call-target/signing-credential-test';

const LONG_SECRET = 'a'.repeat(64);

function run(data: Record<string, unknown>) {
	const credential = { id: '1', name: 'Signing', type: 'workflowCoordinationSigningApi', data };
	return testSigningCredential.call(
		{} as ICredentialTestFunctions,
		credential as ICredentialsDecrypted,
	);
}

describe('the signing credential test', () => {
	let server: Server;
	let baseUrl: string;

	beforeAll(async () => {
		server = createServer((request, response) => {
			response.statusCode = request.url === '/healthz' ? 200 : 404;
			response.end('{"status":"ok"}');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await new Promise((resolve) => server.close(resolve));
	});

	it('refuses a short secret and says how long it must be', async () => {
		const result = await run({ secret: 'hunter2' });

		expect(result.status).toBe('Error');
		expect(result.message).toContain('7 characters; use at least 32');
	});

	it('accepts a long secret without a Base URL', async () => {
		expect(await run({ secret: LONG_SECRET, baseUrl: '' })).toMatchObject({ status: 'OK' });
	});

	it('checks that the Base URL answers on /healthz, with or without a trailing slash', async () => {
		expect(await run({ secret: LONG_SECRET, baseUrl })).toMatchObject({ status: 'OK' });
		expect(await run({ secret: LONG_SECRET, baseUrl: `${baseUrl}/` })).toMatchObject({
			status: 'OK',
		});
	});

	it('names the Base URL when it points at something that is not an n8n', async () => {
		const result = await run({ secret: LONG_SECRET, baseUrl: `${baseUrl}/webhook` });

		expect(result.status).toBe('Error');
		expect(result.message).toContain('answered 404');
	});

	it('reports a Base URL nobody listens on', async () => {
		const result = await run({ secret: LONG_SECRET, baseUrl: 'http://127.0.0.1:9' });

		expect(result).toMatchObject({ status: 'Error' });
		expect(result.message).toContain('Cannot reach http://127.0.0.1:9/healthz');
	});
});
