import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

/** The name the nodes' credential entries refer to in `testedBy`. */
export const SIGNING_CREDENTIAL_TEST_NAME = 'workflowCoordinationSigningTest';

/**
 * A secret shorter than this is easy to guess offline from one captured request and its
 * signature; 32 hex digits (128 bits) is the least the editor accepts without complaint.
 */
export const MIN_SECRET_LENGTH = 32;

// A credential test waits in the editor: answer within seconds.
const BASE_URL_TIMEOUT_MS = 5000;

/**
 * Tests the signing credential: the secret is long enough to be worth signing with, and the Base
 * URL, when one is set, reaches an n8n (its /healthz answers). A shared secret has no remote that
 * could confirm it; both ends check it on every call.
 */
export async function testSigningCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secret = String(credential.data?.secret ?? '');
	if (secret.length < MIN_SECRET_LENGTH) {
		return {
			status: 'Error',
			message: `The Shared Secret has ${secret.length} characters; use at least ${MIN_SECRET_LENGTH}, e.g. the output of "openssl rand -hex 32"`,
		};
	}

	const baseUrl = String(credential.data?.baseUrl ?? '').trim();
	if (!baseUrl) return { status: 'OK', message: 'The secret is usable; calls go to this n8n' };
	return await probeBaseUrl(baseUrl);
}

async function probeBaseUrl(baseUrl: string): Promise<INodeCredentialTestResult> {
	let healthUrl: string;
	try {
		healthUrl = new URL('healthz', baseUrl.replace(/\/*$/, '/')).toString();
	} catch {
		return {
			status: 'Error',
			message: `Base URL "${baseUrl}" is not a URL; use the n8n address, e.g. https://n8n.example.com`,
		};
	}
	try {
		const response = await fetch(healthUrl, { signal: AbortSignal.timeout(BASE_URL_TIMEOUT_MS) });
		return response.ok
			? { status: 'OK', message: `The secret is usable and ${baseUrl} answers` }
			: {
					status: 'Error',
					message: `${healthUrl} answered ${response.status}: check that Base URL is the n8n address, without /webhook`,
				};
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return { status: 'Error', message: `Cannot reach ${healthUrl} (${reason}): check Base URL` };
	}
}
