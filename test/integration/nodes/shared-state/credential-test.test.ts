import type { ICredentialTestFunctions } from 'n8n-workflow';

import { testSharedStatePostgres } from '../../../../nodes/SharedState/credential-test';
import { SERVER } from '../../state/postgres/test-database';

// The function n8n calls for "Test" on the credential; its `this` is not used.
const test = (data: Record<string, unknown>) =>
	testSharedStatePostgres.call({} as ICredentialTestFunctions, {
		id: 'c1',
		name: 'Postgres',
		type: 'postgres',
		data: { ssl: 'disable', ...data },
	});

describe('the Shared State credential test against a real PostgreSQL', () => {
	it('answers OK for a database that exists', async () => {
		await expect(test({ ...SERVER, database: 'postgres' })).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful',
		});
	});

	it('names a missing database and says to create it', async () => {
		const result = await test({ ...SERVER, database: 'wfc_no_such_database' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The database does not exist: .*wfc_no_such_database/);
		expect(result.message).toMatch(/create the database first/);
	});

	it('says the connection was refused and points at Host and Port', async () => {
		const result = await test({ ...SERVER, host: '127.0.0.1', port: 1, database: 'postgres' });
		expect(result.message).toMatch(
			/^Could not connect to PostgreSQL at 127\.0\.0\.1:1: the connection was refused\. Check that PostgreSQL is running/,
		);
	});

	it('reports an unknown user as a rejected login', async () => {
		const result = await test({ ...SERVER, user: 'wfc_no_such_role', database: 'postgres' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Check User/);
	});
});
