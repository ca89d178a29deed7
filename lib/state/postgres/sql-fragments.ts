// SQL pieces that every statement must spell the same way: how keys compare, what "expired" means
// and how a row becomes a StateRecord. Each takes the alias of a row of the state table.

/**
 * The key column in byte order. The unique index is built `COLLATE "C"`, and PostgreSQL uses an
 * index only for comparisons in the index's collation, so every key comparison goes through this.
 */
export function keyColumn(alias: string): string {
	return `${alias}.workflow_id COLLATE "C"`;
}

/** True when the row is visible: it has no expiry or the expiry is still ahead. */
export function isLive(alias: string): string {
	return `(${alias}.expires_at IS NULL OR ${alias}.expires_at > now())`;
}

/** True when the row has expired and must be treated as absent. */
export function isExpired(alias: string): string {
	return `(${alias}.expires_at IS NOT NULL AND ${alias}.expires_at <= now())`;
}

/** A `timestamptz` (or a UTC `timestamp`) as the ISO 8601 text `Date.prototype.toISOString` gives. */
export function isoTimestamp(expression: string): string {
	return `to_char((${expression})::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * A `timestamptz` (or a UTC `timestamp`) as whole Unix milliseconds in a float8, which the driver
 * hands over as a number: the same instant and precision as `isoTimestamp`, without formatting it
 * in SQL. NULL stays NULL.
 */
export function epochMilliseconds(expression: string): string {
	return `floor(extract(epoch FROM (${expression})::timestamptz) * 1000)::float8`;
}

/**
 * The expiry a write sets from a `ttlSeconds` expression: a positive TTL counts from now, anything
 * else clears the expiry.
 */
export function expiryFromTtl(ttlSeconds: string): string {
	return `CASE WHEN (${ttlSeconds}) > 0 THEN now() + make_interval(secs => (${ttlSeconds})) END`;
}

/** The row as a StateRecord in JSON, or NULL when the alias matched no row (an outer join's miss). */
export function recordJson(alias: string): string {
	const { created, updated } = recordTimes(alias);
	return `CASE WHEN ${alias}.namespace IS NULL THEN NULL ELSE json_build_object(
		'namespace', ${alias}.namespace,
		'key', ${alias}.workflow_id,
		'value', ${alias}.state_data,
		'version', ${alias}.version,
		'createdAt', ${isoTimestamp(created)},
		'updatedAt', ${isoTimestamp(updated)},
		'expiresAt', ${isoTimestamp(`${alias}.expires_at`)}
	) END`;
}

/**
 * The creation and update times of a row as a record reports them. Rows written by the tutorial's
 * workflows may lack timestamps; they fall back to each other and then to the epoch rather than
 * break the record's shape.
 */
export function recordTimes(alias: string): { created: string; updated: string } {
	return {
		created: `COALESCE(${alias}.created_at, ${alias}.updated_at, 'epoch')`,
		updated: `COALESCE(${alias}.updated_at, ${alias}.created_at, 'epoch')`,
	};
}
