import { randomBytes } from 'node:crypto';

import { requestJsonOk } from './http';

/** The login the host creates on a fresh instance; the demo prints it so a person can sign in. */
export interface OwnerLogin {
	email: string;
	password: string;
}

// n8n binds its session cookie to this header; any stable value works as long as every call sends it.
const BROWSER_ID = 'n8n-host';

/**
 * Creates the instance owner and a public-API key with every scope the instance offers. n8n allows
 * this only once per fresh user folder.
 */
export async function setupOwnerAndApiKey(
	baseUrl: string,
): Promise<{ owner: OwnerLogin; apiKey: string }> {
	const owner: OwnerLogin = {
		email: 'owner@example.com',
		// Upper, lower and a digit: n8n's password rule.
		password: `Demo-${randomBytes(6).toString('hex')}-A1`,
	};
	const setup = await requestJsonOk(`${baseUrl}/rest/owner/setup`, {
		headers: { 'browser-id': BROWSER_ID },
		body: { ...owner, firstName: 'Demo', lastName: 'Owner' },
	});
	const cookie = authCookie(setup.headers);
	const headers = { cookie, 'browser-id': BROWSER_ID };

	const scopes = await requestJsonOk<{ data: string[] }>(`${baseUrl}/rest/api-keys/scopes`, {
		headers,
	});
	const created = await requestJsonOk<{ data: { rawApiKey: string } }>(`${baseUrl}/rest/api-keys`, {
		headers,
		body: { label: 'n8n-host', scopes: scopes.body.data, expiresAt: null },
	});
	return { owner, apiKey: created.body.data.rawApiKey };
}

function authCookie(headers: Headers): string {
	const cookies = headers.getSetCookie();
	const auth = cookies.find((cookie) => cookie.startsWith('n8n-auth='));
	if (!auth) {
		throw new Error(
			`n8n's owner setup returned no n8n-auth cookie (got: ${cookies.join('; ') || 'none'})`,
		);
	}
	return auth.split(';')[0];
}
