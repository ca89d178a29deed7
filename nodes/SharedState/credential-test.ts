import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { testPostgresConnection } from '../../lib/state';
import { postgresConnectionFromCredential } from '../shared/state-location';

/** The name the node's credential entry refers to in `testedBy`. */
export const POSTGRES_TEST_NAME = 'sharedStatePostgresConnectionTest';

// A credential test waits in the editor: fail within seconds rather than the pool's 10.
const TEST_CONNECT_TIMEOUT_MS = 5000;

/**
 * Tests n8n's Postgres credential by connecting the way the Shared State nodes will, and answers
 * in plain words: connection refused, wrong password, missing database, and so on.
 */
export async function testSharedStatePostgres(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	let connection;
	try {
		connection = postgresConnectionFromCredential(credential.data ?? {});
	} catch (error) {
		return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
	}
	const result = await testPostgresConnection({
		...connection,
		connectTimeoutMs: TEST_CONNECT_TIMEOUT_MS,
	});
	return result.ok
		? { status: 'OK', message: 'Connection successful' }
		: { status: 'Error', message: result.message };
}
