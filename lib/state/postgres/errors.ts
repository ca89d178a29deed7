/**
 * A failure of the PostgreSQL state backend that the person building the workflow can fix: bad
 * configuration, a table that cannot be migrated, or a mutation with invalid input. `message` names
 * the field and the value; `description` says what to do.
 */
export class PostgresStateError extends Error {
	readonly description: string;

	constructor(message: string, description: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'PostgresStateError';
		this.description = description;
	}
}
