import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { writeExampleScoringDatabase } from './exampleScoringDatabase';

describe('writeExampleScoringDatabase', () => {
  it('writes the training sample and five days of scores around the start, deterministically', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-scoring-'));
    try {
      const file = path.join(dir, 'sub', 'scoring.db');
      const now = new Date('2026-11-28T10:17:00Z');
      expect(await writeExampleScoringDatabase(file, now)).toBe(3600);
      const db = knexFactory({
        client: 'better-sqlite3',
        connection: { filename: file, options: { readonly: true } },
        useNullAsDefault: true,
      });
      try {
        expect(await db('churn_emea_training').count({ n: '*' })).toEqual([
          { n: 2000 },
        ]);
        expect(
          await db('churn_emea_scores')
            .min({ a: 'scored_at' })
            .max({ b: 'scored_at' }),
        ).toEqual([
          { a: '2026-11-25T10:00:00.000Z', b: '2026-11-30T09:58:00.000Z' },
        ]);
        const mean = async (from: string, to: string) =>
          Number(
            (
              await db('churn_emea_scores')
                .avg({ m: 'monthly_spend' })
                .where('scored_at', '>=', from)
                .andWhere('scored_at', '<', to)
            )[0].m,
          );
        // Stable two days before the start, up by about 24 after it.
        expect(
          await mean('2026-11-26T00:00:00.000Z', '2026-11-27T00:00:00.000Z'),
        ).toBeCloseTo(62, 0);
        expect(
          await mean('2026-11-28T10:00:00.000Z', '2026-11-29T10:00:00.000Z'),
        ).toBeGreaterThan(80);
      } finally {
        await db.destroy();
      }
      const again = path.join(dir, 'again.db');
      await writeExampleScoringDatabase(again, now);
      const rowsOf = async (f: string) => {
        const k = knexFactory({
          client: 'better-sqlite3',
          connection: { filename: f },
          useNullAsDefault: true,
        });
        try {
          return await k('churn_emea_scores').select();
        } finally {
          await k.destroy();
        }
      };
      expect(await rowsOf(again)).toEqual(await rowsOf(file));
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
