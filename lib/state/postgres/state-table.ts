import { createHash } from 'node:crypto';

import { derivedIdentifier, quoteIdentifier, validateIdentifier } from './identifiers';

/** @default 'public' */
export const DEFAULT_SCHEMA = 'public';

/** The tutorial's table name, so an existing tutorial setup is picked up as is. @default 'workflow_states' */
export const DEFAULT_TABLE = 'workflow_states';

/** Every SQL name the backend uses for one state table, validated and quoted once. */
export interface StateTable {
	schema: string;
	table: string;
	/** `"schema"."table"`, ready for SQL text. */
	qualified: string;
	/** Quoted schema, for the helper functions the migration creates beside the table. */
	quotedSchema: string;
	uniqueIndex: string;
	expiryIndex: string;
	/** The NOTIFY channel of this table's change feed. */
	channel: string;
}

/**
 * Resolves the configured schema and table into the names the SQL uses.
 *
 * @throws PostgresStateError naming `Schema` or `Table` when a name is not a plain identifier.
 */
export function resolveStateTable(schema = DEFAULT_SCHEMA, table = DEFAULT_TABLE): StateTable {
	validateIdentifier('Schema', schema);
	validateIdentifier('Table', table);

	// Channels share one namespace per database, so the schema must be part of the name; a hash
	// keeps it short whatever the two names' lengths.
	const channelHash = createHash('sha256').update(`${schema}.${table}`).digest('hex').slice(0, 16);

	return {
		schema,
		table,
		qualified: `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`,
		quotedSchema: quoteIdentifier(schema),
		uniqueIndex: quoteIdentifier(derivedIdentifier(table, 'namespace_key')),
		expiryIndex: quoteIdentifier(derivedIdentifier(table, 'expires_at')),
		channel: `wfc_state_${channelHash}`,
	};
}
