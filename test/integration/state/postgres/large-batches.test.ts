import { MAX_DIRECT_ROWS, planStatements } from '../../../../lib/state/postgres/mutations/waves';
import type { MergeMutation } from '../../../../lib/state/types';
import { useStoreOnTestDatabase } from './test-database';
import { writtenRecord } from './outcomes';

// A wave of direct upserts larger than MAX_DIRECT_ROWS is written by several statements in one
// transaction. These tests hold it to what one statement promised: every outcome in its place,
// all or nothing, and rows locked in one order whatever the batch.

const fixture = useStoreOnTestDatabase();

function merges(namespace: string, count: number, label: string): MergeMutation[] {
	return Array.from({ length: count }, (_, index) => ({
		kind: 'merge',
		namespace,
		key: `key-${count - index}`,
		patch: { index, label },
	}));
}

describe('a batch larger than one statement', () => {
	const count = 2 * MAX_DIRECT_ROWS + 7;

	it('is written in parts inside one transaction, each outcome at its own index', async () => {
		await fixture.store.apply([
			{ kind: 'set', namespace: 'large', key: 'key-1', value: { kept: true } },
		]);
		const before = fixture.store.statementsSent;

		const outcomes = await fixture.store.apply(merges('large', count, 'first'));

		// BEGIN, three parts, COMMIT.
		expect(fixture.store.statementsSent - before).toBe(5);
		const records = outcomes.map(writtenRecord);
		records.forEach((record, index) => {
			expect(record.key).toBe(`key-${count - index}`);
			expect(record.value).toMatchObject({ index, label: 'first' });
		});
		expect(records[count - 1]).toMatchObject({ value: { kept: true }, version: 2 });
		const read = await fixture.store.getMany(
			'large',
			records.map(({ key }) => key),
		);
		expect(read.size).toBe(count);
		for (const record of records) expect(read.get(record.key)).toEqual(record);
	});

	it('writes nothing when one part fails', async () => {
		await fixture.db.sql(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				IF NEW.workflow_id = 'key-1' AND NEW.namespace = 'poisoned' THEN
					RAISE EXCEPTION 'refused for the test';
				END IF;
				RETURN NEW;
			END $$`);
		await fixture.db.sql(`CREATE TRIGGER refuse_poison BEFORE INSERT OR UPDATE ON workflow_states
			FOR EACH ROW EXECUTE FUNCTION refuse_poison()`);
		try {
			await expect(fixture.store.apply(merges('poisoned', count, 'doomed'))).rejects.toThrow(
				'refused for the test',
			);
			const [{ rows }] = await fixture.db.sql<{ rows: string }>(
				`SELECT count(*) AS rows FROM workflow_states WHERE namespace = 'poisoned'`,
			);
			expect(Number(rows)).toBe(0);
		} finally {
			await fixture.db.sql('DROP TRIGGER refuse_poison ON workflow_states');
		}
	});

	it('splits its keys in the order PostgreSQL reads them from one parameter', async () => {
		// Keys of different lengths, byte-wise neighbours and non-ASCII text of the same length.
		const keys = Array.from(
			{ length: count },
			(_, index) => [`k${index}`, `K-${index}`, `é${index}`, `z${index % 97}-${index}`][index % 4],
		);
		const batch = keys.map((key): MergeMutation => ({
			kind: 'merge',
			namespace: 'order',
			key,
			patch: { a: 1 },
		}));

		const plan = planStatements(batch);
		expect(plan.map(({ items }) => items.length)).toEqual([MAX_DIRECT_ROWS, MAX_DIRECT_ROWS, 7]);
		const planned = plan.flatMap(({ items }) => items.map(({ mutation }) => mutation.key));
		const [{ keys: postgresOrder }] = await fixture.db.sql<{ keys: string[] }>(
			'SELECT array(SELECT jsonb_object_keys($1::jsonb)) AS keys',
			[JSON.stringify(Object.fromEntries(keys.map((key) => [key, 1])))],
		);
		expect(planned).toEqual(postgresOrder);
	});

	it('runs beside another over the same keys given in the opposite order, losing no write', async () => {
		// Two large batches over the same keys at once, given in opposite orders.
		const forward = merges('contended', count, 'forward');
		const backward = [...merges('contended', count, 'backward')].reverse();

		const [a, b] = await Promise.all([fixture.store.apply(forward), fixture.store.apply(backward)]);

		const versions = [...a, ...b].map((outcome) => writtenRecord(outcome).version);
		expect(versions.filter((version) => version === 1).length).toBe(count);
		expect(versions.filter((version) => version === 2).length).toBe(count);
	});
});
