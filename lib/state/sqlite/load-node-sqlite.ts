import type * as NodeSqlite from 'node:sqlite';

/** Thrown when this Node.js has no `node:sqlite`, which the embedded store is built on. */
export class EmbeddedStoreUnavailableError extends Error {
	constructor(cause: unknown) {
		super(
			`The embedded shared-state store needs node:sqlite (Node.js 22.5 or newer), which this n8n ` +
				`process (Node.js ${process.version}) does not have. Choose a PostgreSQL credential in the ` +
				'node to keep shared state in PostgreSQL instead.',
			{ cause },
		);
		this.name = 'EmbeddedStoreUnavailableError';
	}
}

let loaded: typeof NodeSqlite | undefined;

/**
 * Loads `node:sqlite` on first use rather than at import time, so that n8n can still load our nodes
 * on a Node.js without it and the user gets a clear message only when the embedded store is chosen.
 *
 * @throws EmbeddedStoreUnavailableError when the module is missing
 */
export function loadNodeSqlite(): typeof NodeSqlite {
	if (loaded) return loaded;
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- must stay lazy, see above
		loaded = require('node:sqlite') as typeof NodeSqlite;
	} catch (error) {
		throw new EmbeddedStoreUnavailableError(error);
	}
	return loaded;
}
