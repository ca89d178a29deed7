import { Client } from 'pg';

import { toClientConfig, type PostgresConnectionOptions } from './connection-options';
import { describePostgresError } from './describe-error';

/** What a credential test reports. */
export type ConnectionTestResult = { ok: true } | { ok: false; message: string };

/**
 * Opens one connection outside the shared pools, runs a trivial query and closes it: what n8n's
 * credential test needs, without leaving a pool behind for a credential that may be wrong.
 */
export async function testPostgresConnection(
	connection: PostgresConnectionOptions,
): Promise<ConnectionTestResult> {
	const client = new Client(toClientConfig(connection));
	// A connection that fails after connecting (the server going away) emits 'error' on the client;
	// the awaited calls below already report it.
	client.on('error', () => undefined);
	try {
		await client.connect();
		await client.query('SELECT 1');
		return { ok: true };
	} catch (error) {
		const described = describePostgresError(error);
		return { ok: false, message: `${described.message}. ${described.description}` };
	} finally {
		await client.end().catch(() => undefined);
	}
}
