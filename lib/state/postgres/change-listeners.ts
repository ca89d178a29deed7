// Who listens to a state table's changes. The trigger function announces a change only when a
// registration here wants it, so tables nobody watches pay nothing for the change feed. One table
// per schema serves every state table in it; `channel` tells them apart.

/** The registrations table, created by the migration in the state table's schema. */
export const LISTENERS_TABLE = 'wfc_change_listeners';

/**
 * How long a registration counts without being renewed. A process that dies without removing its
 * registrations leaves only this much notifying behind it; a live one renews well before.
 * @default 300 seconds
 */
export const LEASE_SECONDS = 300;

/** How often a listening process renews its registrations: a fifth of the lease. */
export const LEASE_RENEWAL_MS = (LEASE_SECONDS * 1000) / 5;

/** One subscription of one process: the changes it wants. */
export interface ListenerRegistration {
	/** A subscription's id, unique across processes (the feed's random id and a counter). */
	listener: string;
	namespace: string;
	/** '' wants every key of the namespace. */
	keyPrefix: string;
}

/** Creates the registrations table; idempotent. */
export function listenersTableStatement(quotedSchema: string): string {
	return `CREATE TABLE IF NOT EXISTS ${quotedSchema}.${LISTENERS_TABLE} (
		channel text NOT NULL,
		listener text NOT NULL,
		namespace text NOT NULL,
		key_prefix text NOT NULL DEFAULT '',
		lease_until timestamptz NOT NULL,
		PRIMARY KEY (channel, listener))`;
}

/**
 * Registers or renews subscriptions (one statement for all), with a lease from the database's
 * clock so that no two hosts' clocks need to agree. Registrations whose lease ran out long ago
 * are removed on the way: they belonged to processes that died.
 */
export function registerStatement(
	quotedSchema: string,
	channel: string,
	registrations: ListenerRegistration[],
): { text: string; values: unknown[] } {
	const table = `${quotedSchema}.${LISTENERS_TABLE}`;
	return {
		text: `WITH stale AS (
			DELETE FROM ${table} WHERE lease_until < now() - interval '1 day'
		)
		INSERT INTO ${table} AS l (channel, listener, namespace, key_prefix, lease_until)
		SELECT $1, r.listener, r.namespace, r.key_prefix, now() + make_interval(secs => $3)
		FROM jsonb_to_recordset($2::jsonb) AS r(listener text, namespace text, key_prefix text)
		ON CONFLICT (channel, listener) DO UPDATE SET
			namespace = EXCLUDED.namespace,
			key_prefix = EXCLUDED.key_prefix,
			lease_until = EXCLUDED.lease_until`,
		values: [
			channel,
			JSON.stringify(
				registrations.map(({ listener, namespace, keyPrefix }) => ({
					listener,
					namespace,
					key_prefix: keyPrefix,
				})),
			),
			LEASE_SECONDS,
		],
	};
}

/** Removes registrations when their subscriptions end. */
export function releaseStatement(
	quotedSchema: string,
	channel: string,
	listeners: string[],
): { text: string; values: unknown[] } {
	return {
		text: `DELETE FROM ${quotedSchema}.${LISTENERS_TABLE} WHERE channel = $1 AND listener = ANY($2::text[])`,
		values: [channel, listeners],
	};
}
