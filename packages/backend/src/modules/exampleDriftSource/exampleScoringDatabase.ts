/*
 * Example portal only: the SQLite file behind the example scheduled drift source
 * (customer-churn-emea, connection example-scoring). A training sample and scoring logs from three
 * days before to two days after the start, one row every two minutes, with monthly_spend drifting
 * up over the last 18 hours before the start, so the hourly windows the scheduler evaluates show
 * drift building up. Written to a temporary file and renamed, so the read-only connection never
 * sees a half-written database.
 */
import fs from 'node:fs';
import path from 'node:path';
import knexFactory from 'knex';
import {
  hashSeed,
  mulberry32,
  normalQuantile,
} from '../exampleDriftSeed/exampleDriftData';

const MARKETS = ['uk', 'de', 'fr', 'nl', 'ie', 'es'];
const MARKET_WEIGHTS = [0.34, 0.24, 0.2, 0.09, 0.05, 0.08];

function pick(r: () => number, weights: number[]): number {
  let u = r();
  for (let i = 0; i < weights.length; i += 1) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}

function row(r: () => number, spendShift: number) {
  const normal = () => normalQuantile(Math.min(Math.max(r(), 1e-9), 1 - 1e-9));
  return {
    tenure_months: Math.max(3, Math.round(28 + 14 * normal())),
    monthly_spend: Math.round((62 + spendShift + 18 * normal()) * 100) / 100,
    sepa_transfers: Math.max(0, Math.round(6 + 3 * normal())),
    market: MARKETS[pick(r, MARKET_WEIGHTS)],
  };
}

/** Writes the example scoring database at `filename` for a portal started at `now`. */
export async function writeExampleScoringDatabase(
  filename: string,
  now: Date,
): Promise<number> {
  fs.mkdirSync(path.dirname(filename), { recursive: true });
  const tmp = `${filename}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: tmp },
    useNullAsDefault: true,
  });
  const r = mulberry32(hashSeed('customer-churn-emea/scheduled-source'));
  const hour = 3_600_000;
  const start = Math.floor(now.getTime() / hour) * hour;
  const scores: Record<string, string | number>[] = [];
  for (let t = start - 72 * hour; t < start + 48 * hour; t += 120_000) {
    // Spend drifts up linearly over the 18 hours before the start, and stays up after.
    const shift =
      Math.min(1, Math.max(0, (t - (start - 18 * hour)) / (18 * hour))) * 24;
    scores.push({
      scored_at: new Date(t).toISOString(),
      ...row(r, shift),
    });
  }
  const training = Array.from({ length: 2000 }, () => row(r, 0));
  try {
    await db.schema.createTable('churn_emea_training', t => {
      t.integer('tenure_months');
      t.double('monthly_spend');
      t.integer('sepa_transfers');
      t.text('market');
    });
    await db.schema.createTable('churn_emea_scores', t => {
      t.text('scored_at').notNullable().index();
      t.integer('tenure_months');
      t.double('monthly_spend');
      t.integer('sepa_transfers');
      t.text('market');
    });
    await db.transaction(async tx => {
      await tx.batchInsert('churn_emea_training', training, 200);
      await tx.batchInsert('churn_emea_scores', scores, 150);
    });
  } finally {
    await db.destroy();
  }
  fs.renameSync(tmp, filename);
  return scores.length;
}
