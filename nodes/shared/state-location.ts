import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INodeCredentialDescription,
	INodeProperties,
	ITriggerFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { PostgresConnectionOptions, StateStoreLocation } from '../../lib/state';

/** n8n's own PostgreSQL credential type: users already have one, so we reuse it. */
export const POSTGRES_CREDENTIAL_TYPE = 'postgres';

/** Node contexts that can read parameters and credentials. */
type StoreContext = IExecuteFunctions | IWebhookFunctions | ITriggerFunctions;

/**
 * The credential entry a node that uses shared state declares. Shown only with the PostgreSQL
 * store; the embedded store needs none.
 */
export const postgresCredentialDescription: INodeCredentialDescription = {
	name: POSTGRES_CREDENTIAL_TYPE,
	required: true,
	displayOptions: { show: { store: ['postgres'] } },
};

/**
 * The parameters that say where shared state lives. Top-level on purpose: the credential's
 * displayOptions can only refer to top-level parameters.
 * @param purpose Completes "Where ... is kept", e.g. 'shared state' or 'deduplication records'.
 */
export function storeLocationProperties(purpose: string): INodeProperties[] {
	return [
		{
			displayName: 'Store',
			name: 'store',
			type: 'options',
			default: 'embedded',
			description: `Where ${purpose} is kept`,
			options: [
				{
					name: 'Embedded (No Server)',
					value: 'embedded',
					description:
						'A SQLite file in the n8n user folder, shared by every workflow on this host. Needs Node.js 22.5 or newer.',
				},
				{
					name: 'PostgreSQL',
					value: 'postgres',
					description:
						'A table in PostgreSQL: shared by every n8n instance and worker that can reach the database',
				},
			],
		},
		{
			displayName: 'Schema',
			name: 'schema',
			type: 'string',
			default: 'public',
			displayOptions: { show: { store: ['postgres'] } },
			description: 'Schema of the state table; created when missing',
		},
		{
			displayName: 'Table',
			name: 'table',
			type: 'string',
			default: 'workflow_states',
			displayOptions: { show: { store: ['postgres'] } },
			description:
				'The state table; created when missing. An existing workflow_states table from the tutorial is extended in place.',
		},
	];
}

/**
 * Reads the store parameters (and, for PostgreSQL, the credential) of a node. The location does
 * not depend on the item: parameters are read at item 0 so a node run opens one store.
 */
export async function resolveStoreLocation(context: StoreContext): Promise<StateStoreLocation> {
	const store = readLocationParameter(context, 'store', 'embedded');
	if (store === 'embedded') return { backend: 'embedded' };

	const credentials = await context.getCredentials(POSTGRES_CREDENTIAL_TYPE);
	return {
		backend: 'postgres',
		connection: postgresConnectionFromCredential(credentials),
		schema: String(readLocationParameter(context, 'schema', 'public')),
		table: String(readLocationParameter(context, 'table', 'workflow_states')),
	};
}

// Execute contexts take an item index before the fallback (the others do not): passing the
// fallback in its place would make n8n read the parameter for an item that does not exist.
function readLocationParameter(context: StoreContext, name: string, fallback: string): unknown {
	return 'getInputData' in context
		? context.getNodeParameter(name, 0, fallback)
		: context.getNodeParameter(name, fallback);
}

/**
 * Maps n8n's Postgres credential onto our connection options, connecting the way n8n's own Postgres
 * node does with the same credential: "Ignore SSL Issues" means TLS without checking the
 * certificate; otherwise SSL `allow` and `require` mean TLS with a checked certificate (n8n hands
 * the driver `ssl: true`), and `disable` plain TCP.
 *
 * @throws Error when the credential uses an SSH tunnel, which this package does not open
 */
export function postgresConnectionFromCredential(
	credentials: ICredentialDataDecryptedObject,
): PostgresConnectionOptions {
	if (credentials.sshTunnel === true) {
		throw new Error(
			'The Postgres credential uses an SSH tunnel, which the workflow coordination nodes do not support. Use a credential that connects to PostgreSQL directly.',
		);
	}
	let ssl: PostgresConnectionOptions['ssl'] = 'disable';
	if (credentials.allowUnauthorizedCerts === true) {
		ssl = 'require';
	} else if (credentials.ssl === 'allow' || credentials.ssl === 'require') {
		ssl = 'verify';
	}

	return {
		host: String(credentials.host ?? 'localhost'),
		port: credentials.port === undefined ? undefined : Number(credentials.port),
		database: String(credentials.database ?? 'postgres'),
		user: String(credentials.user ?? 'postgres'),
		password: credentials.password === undefined ? undefined : String(credentials.password),
		ssl,
		maxConnections:
			credentials.maxConnections === undefined ? undefined : Number(credentials.maxConnections),
	};
}
