import type { DatabaseSync, StatementSync } from 'node:sqlite';

import { ROW_COLUMNS } from './row';

// A stored record counts as absent once its expiry has passed; `:now` is the caller's clock.
const EXPIRED = '(wfc_state.expires_ms IS NOT NULL AND wfc_state.expires_ms <= :now)';
const LIVE = '(expires_ms IS NULL OR expires_ms > :now)';
const EXPIRED_AT_4 = '(wfc_state.expires_ms IS NOT NULL AND wfc_state.expires_ms <= ?4)';

// On a write over an expired record, the record starts again: version 1, a new creation time.
const RESTART_IF_EXPIRED = `
	version = CASE WHEN ${EXPIRED} THEN 1 ELSE wfc_state.version + 1 END,
	created_ms = CASE WHEN ${EXPIRED} THEN excluded.created_ms ELSE wfc_state.created_ms END,
	updated_ms = excluded.updated_ms,
	expires_ms = excluded.expires_ms,
	last_operation = excluded.last_operation`;

const INSERT_VALUES = `
	INSERT INTO wfc_state (namespace, key, value, version, created_ms, updated_ms, expires_ms, last_operation)
	VALUES (:namespace, :key, :value, 1, :now, :now, :expires, :operation)`;

/**
 * Every statement the store runs, prepared once per connection. Each mutation is a single statement;
 * Merge, Increment and Append compute the new value inside it through `wfc_edit` (see json-edit.ts).
 */
export function prepareStatements(db: DatabaseSync) {
	const prepare = (sql: string): StatementSync => {
		const statement = db.prepare(sql);
		// Mutations share one parameter object; each statement picks the names it uses.
		statement.setAllowUnknownNamedParameters(true);
		return statement;
	};
	return {
		/** Set, and Compare-and-Set with expected version 0 when `:onlyIfAbsent` is 1. */
		upsertValue: prepare(`${INSERT_VALUES}
			ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, ${RESTART_IF_EXPIRED}
			WHERE :onlyIfAbsent = 0 OR ${EXPIRED}
			RETURNING ${ROW_COLUMNS}`),

		/** Merge, Increment, Append: `:value` is what the edit makes of a missing record. */
		upsertEdit: prepare(`${INSERT_VALUES}
			ON CONFLICT (namespace, key) DO UPDATE SET
				value = wfc_edit(CASE WHEN ${EXPIRED} THEN NULL ELSE wfc_state.value END, :edit),
				${RESTART_IF_EXPIRED}
			WHERE wfc_edit(CASE WHEN ${EXPIRED} THEN NULL ELSE wfc_state.value END, :edit) IS NOT NULL
			RETURNING ${ROW_COLUMNS}`),

		/**
		 * Merge, with SQLite's own RFC 7396 `json_patch` instead of `wfc_edit`: no call into
		 * JavaScript per row. Positional parameters, bound without building an object per mutation:
		 * ?1 namespace, ?2 key, ?3 patch (JSON text), ?4 now, ?5 expiry, ?6 1 when the patch holds a
		 * null (it then has to go through json_patch to become a value; otherwise it is one already,
		 * and a merge into an existing record does not parse it twice). A stored value that is not an
		 * object makes the WHERE skip the row, reported as a mismatch: stored values are compact JSON,
		 * so an object is exactly a value whose first character is "{" (code 123), which is cheaper to
		 * test than parsing it once more with json_type. Returns only what the caller does not already
		 * know.
		 */
		upsertMerge: db.prepare(`INSERT INTO wfc_state
				(namespace, key, value, version, created_ms, updated_ms, expires_ms, last_operation)
			VALUES (?1, ?2, CASE WHEN ?6 THEN json_patch('{}', ?3) ELSE ?3 END, 1, ?4, ?4, ?5, 'merge')
			ON CONFLICT (namespace, key) DO UPDATE SET
				value = CASE WHEN ${EXPIRED_AT_4} THEN excluded.value
					ELSE json_patch(wfc_state.value, ?3) END,
				version = CASE WHEN ${EXPIRED_AT_4} THEN 1 ELSE wfc_state.version + 1 END,
				created_ms = CASE WHEN ${EXPIRED_AT_4} THEN ?4 ELSE wfc_state.created_ms END,
				updated_ms = ?4, expires_ms = ?5, last_operation = 'merge'
			WHERE ${EXPIRED_AT_4} OR unicode(wfc_state.value) = 123
			RETURNING value, version, created_ms`),

		/** An edit that cannot start from a missing record (an index into an array that is not there). */
		updateEdit: prepare(`UPDATE wfc_state SET
				value = wfc_edit(value, :edit), version = version + 1, updated_ms = :now,
				expires_ms = :expires, last_operation = :operation
			WHERE namespace = :namespace AND key = :key AND ${LIVE} AND wfc_edit(value, :edit) IS NOT NULL
			RETURNING ${ROW_COLUMNS}`),

		compareAndSet: prepare(`UPDATE wfc_state SET
				value = :value, version = version + 1, updated_ms = :now, expires_ms = :expires,
				last_operation = 'compareAndSet'
			WHERE namespace = :namespace AND key = :key AND version = :expectedVersion AND ${LIVE}
			RETURNING ${ROW_COLUMNS}`),

		deleteRecord: prepare(`DELETE FROM wfc_state WHERE namespace = :namespace AND key = :key
			RETURNING ${LIVE} AS live`),

		getOne: prepare(`SELECT ${ROW_COLUMNS} FROM wfc_state
			WHERE namespace = :namespace AND key = :key AND ${LIVE}`),

		getMany: prepare(`SELECT ${ROW_COLUMNS} FROM wfc_state
			WHERE namespace = :namespace AND key IN (SELECT value FROM json_each(:keys)) AND ${LIVE}`),

		listPage: prepare(`SELECT ${ROW_COLUMNS} FROM wfc_state
			WHERE namespace = :namespace AND key > :afterKey AND substr(key, 1, length(:prefix)) = :prefix
				AND ${LIVE}
			ORDER BY key LIMIT :limit`),

		purgeExpired: prepare(
			`DELETE FROM wfc_state WHERE expires_ms IS NOT NULL AND expires_ms <= :now`,
		),

		purgeChanges: prepare(`DELETE FROM wfc_state_changes WHERE changed_ms < :before`),

		/** Starts or renews a process's watch on a namespace (see the subscribers table in schema.ts). */
		renewSubscription:
			prepare(`INSERT INTO wfc_state_subscribers (namespace, subscriber, lease_until_ms)
			VALUES (:namespace, :subscriber, :leaseUntil)
			ON CONFLICT (namespace, subscriber) DO UPDATE SET lease_until_ms = excluded.lease_until_ms`),

		endSubscription: prepare(
			`DELETE FROM wfc_state_subscribers WHERE namespace = :namespace AND subscriber = :subscriber`,
		),

		purgeLapsedSubscriptions: prepare(
			`DELETE FROM wfc_state_subscribers WHERE lease_until_ms < :now`,
		),

		lastChange: prepare(`SELECT coalesce(max(seq), 0) AS seq FROM wfc_state_changes`),

		changesAfter: prepare(`SELECT seq, namespace, key, operation, value, version, changed_ms
			FROM wfc_state_changes WHERE seq > :after ORDER BY seq LIMIT 1000`),
	};
}

export type PreparedStatements = ReturnType<typeof prepareStatements>;
