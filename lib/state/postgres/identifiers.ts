import { createHash } from 'node:crypto';

import { PostgresStateError } from './errors';

// PostgreSQL truncates longer names silently, which could make two tables share one name.
const MAX_IDENTIFIER_LENGTH = 63;

const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks a schema or table name taken from configuration. Only plain identifiers are accepted, so a
 * name can never carry SQL, even though every use quotes it as well.
 *
 * @param field The field's label as the user sees it, e.g. `Schema`.
 * @throws PostgresStateError naming the field and the value when the name is not a plain identifier.
 */
export function validateIdentifier(field: string, value: string): string {
	if (value.length > MAX_IDENTIFIER_LENGTH || !IDENTIFIER_PATTERN.test(value)) {
		throw new PostgresStateError(
			`${field} "${value}" is not a valid PostgreSQL name: use 1 to ${MAX_IDENTIFIER_LENGTH} letters, digits or underscores, starting with a letter or underscore`,
			`Change ${field} to a plain name such as "workflow_states"; quotes, spaces, dots and semicolons are not allowed.`,
		);
	}
	return value;
}

/** Quotes an identifier for SQL text; validated names contain no quotes, but this stays safe if one did. */
export function quoteIdentifier(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A name derived from the table's (index names, the notification channel) that stays within the
 * identifier limit: long table names are shortened and made unique again with a hash.
 */
export function derivedIdentifier(base: string, suffix: string): string {
	const name = `${base}_${suffix}`;
	if (name.length <= MAX_IDENTIFIER_LENGTH) {
		return name;
	}
	const hash = createHash('sha256').update(base).digest('hex').slice(0, 8);
	return `${base.slice(0, MAX_IDENTIFIER_LENGTH - suffix.length - hash.length - 2)}_${hash}_${suffix}`;
}
