/*
 * The database connections scheduled drift sources may use (`modelops.drift.sources` in
 * app-config). Entities only name a connection; who may use it is decided here, deny by default.
 */
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** One configured connection (its secret `connection` value is only handed to knex). */
export interface DriftSourceConnection {
  name: string;
  client: 'pg' | 'better-sqlite3';
  /** knex `connection`: a PostgreSQL URL or object, or `{ filename }` for SQLite. */
  connection: unknown;
  statementTimeoutMs: number;
  maxRows?: number;
  /** Lowercase refs. */
  allowedOwners: string[];
  allowedModels: string[];
}

/** `modelops.drift.sources`. */
export interface DriftSourceSettings {
  connections: Map<string, DriftSourceConnection>;
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Earlier windows without an attempt that a tick also runs (`catchUpWindows`). */
  catchUpWindows: number;
}

export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
/** Default `modelops.drift.sources.catchUpWindows`. */
export const DEFAULT_CATCH_UP_WINDOWS = 3;
/** Largest `catchUpWindows`: a tick runs at most this many windows more per model. */
export const MAX_CATCH_UP_WINDOWS = 100;

function refs(
  values: string[] | undefined,
  defaultKind: string,
  path: string,
): string[] {
  return (values ?? []).map((v, i) => {
    try {
      return stringifyEntityRef(
        parseEntityRef(v, { defaultKind, defaultNamespace: 'default' }),
      ).toLocaleLowerCase('en-US');
    } catch (e) {
      throw new Error(`${path}[${i}]: ${(e as Error).message}`);
    }
  });
}

/** Reads and checks `modelops.drift.sources`; a bad value throws naming its config path. */
export function readDriftSourceSettings(
  config: RootConfigService,
): DriftSourceSettings {
  const root = config.getOptionalConfig('modelops.drift.sources');
  const connections = new Map<string, DriftSourceConnection>();
  const conns = root?.getOptionalConfig('connections');
  for (const name of conns?.keys() ?? []) {
    const path = `modelops.drift.sources.connections.${name}`;
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(name))
      throw new Error(
        `${path}: connection names are letters, digits, _ and - (at most 63)`,
      );
    const c = conns!.getConfig(name);
    const client = c.getString('client');
    if (client !== 'pg' && client !== 'better-sqlite3')
      throw new Error(`${path}.client must be pg or better-sqlite3`);
    const connection = c.get('connection');
    const statementTimeoutMs =
      c.getOptionalNumber('statementTimeout') ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    if (!Number.isSafeInteger(statementTimeoutMs) || statementTimeoutMs < 1)
      throw new Error(
        `${path}.statementTimeout must be a positive integer (milliseconds)`,
      );
    const maxRows = c.getOptionalNumber('maxRows');
    if (
      maxRows !== undefined &&
      (!Number.isSafeInteger(maxRows) || maxRows < 1)
    )
      throw new Error(`${path}.maxRows must be a positive integer`);
    connections.set(name, {
      name,
      client,
      connection,
      statementTimeoutMs,
      maxRows,
      allowedOwners: refs(
        c.getOptionalStringArray('allowedOwners'),
        'group',
        `${path}.allowedOwners`,
      ),
      allowedModels: refs(
        c.getOptionalStringArray('allowedModels'),
        'model',
        `${path}.allowedModels`,
      ),
    });
  }
  const scheduleConfig = root?.getOptionalConfig('schedule');
  const catchUpWindows =
    root?.getOptionalNumber('catchUpWindows') ?? DEFAULT_CATCH_UP_WINDOWS;
  if (
    !Number.isSafeInteger(catchUpWindows) ||
    catchUpWindows < 0 ||
    catchUpWindows > MAX_CATCH_UP_WINDOWS
  )
    throw new Error(
      `modelops.drift.sources.catchUpWindows must be a whole number from 0 to ${MAX_CATCH_UP_WINDOWS}`,
    );
  return {
    connections,
    catchUpWindows,
    schedule: {
      frequency: { minutes: 5 },
      timeout: { minutes: 15 },
      initialDelay: { seconds: 30 },
      ...(scheduleConfig
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
        : {}),
    },
  };
}

/** Why a model may not use a connection, or undefined when it may (deny by default). */
export function connectionRefusal(
  connection: DriftSourceConnection,
  modelRef: string,
  ownerRef: string | undefined,
): string | undefined {
  const model = modelRef.toLocaleLowerCase('en-US');
  if (connection.allowedModels.includes(model)) return undefined;
  if (ownerRef && connection.allowedOwners.includes(ownerRef)) return undefined;
  return `connection ${connection.name} is not open to ${model} (owner ${
    ownerRef ?? 'none'
  }); a platform admin adds the owner to modelops.drift.sources.connections.${
    connection.name
  }.allowedOwners or the model to allowedModels`;
}
