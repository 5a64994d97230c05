import { mockServices } from '@backstage/backend-test-utils';
import {
  connectionRefusal,
  readDriftSourceSettings,
} from './driftSourceConfig';

const read = (sources: unknown) =>
  readDriftSourceSettings(
    mockServices.rootConfig({
      data: { modelops: { drift: { sources } } } as Record<string, any>,
    }),
  );

describe('readDriftSourceSettings', () => {
  it('reads connections with defaults and normalised allow-lists', () => {
    const settings = read({
      connections: {
        warehouse: {
          client: 'pg',
          connection: 'postgres://u:p@h/db',
          allowedOwners: ['Team-A', 'user:default/ada'],
          allowedModels: ['scorer'],
        },
      },
    });
    expect(settings.connections.get('warehouse')).toMatchObject({
      client: 'pg',
      statementTimeoutMs: 30_000,
      maxRows: undefined,
      allowedOwners: ['group:default/team-a', 'user:default/ada'],
      allowedModels: ['model:default/scorer'],
    });
    expect(settings.schedule.frequency).toEqual({ minutes: 5 });
    expect(settings.catchUpWindows).toBe(3);
    expect(read({ catchUpWindows: 0 }).catchUpWindows).toBe(0);
    expect(read(undefined).connections.size).toBe(0);
  });

  it.each([
    [
      { connections: { w: { client: 'mysql', connection: 'x' } } },
      'modelops.drift.sources.connections.w.client must be pg or better-sqlite3',
    ],
    [
      {
        connections: {
          w: { client: 'pg', connection: 'x', statementTimeout: 0 },
        },
      },
      'modelops.drift.sources.connections.w.statementTimeout must be a positive integer',
    ],
    [
      { connections: { w: { client: 'pg', connection: 'x', maxRows: -1 } } },
      'modelops.drift.sources.connections.w.maxRows must be a positive integer',
    ],
    [
      { catchUpWindows: 101 },
      'modelops.drift.sources.catchUpWindows must be a whole number from 0 to 100',
    ],
    [
      { catchUpWindows: 1.5 },
      'modelops.drift.sources.catchUpWindows must be a whole number from 0 to 100',
    ],
    [
      { connections: { 'bad name': { client: 'pg', connection: 'x' } } },
      'modelops.drift.sources.connections.bad name: connection names are letters',
    ],
  ])('refuses a bad value naming its path: %#', (sources, message) => {
    expect(() => read(sources)).toThrow(message);
  });
});

describe('connectionRefusal', () => {
  const connection = {
    name: 'w',
    client: 'pg' as const,
    connection: 'x',
    statementTimeoutMs: 1000,
    allowedOwners: ['group:default/team-a'],
    allowedModels: ['model:default/special'],
  };
  it('allows listed owners and models, and nobody else', () => {
    expect(
      connectionRefusal(connection, 'model:default/x', 'group:default/team-a'),
    ).toBeUndefined();
    expect(
      connectionRefusal(connection, 'Model:default/Special', undefined),
    ).toBeUndefined();
    expect(
      connectionRefusal(connection, 'model:default/x', 'group:default/team-b'),
    ).toContain('connection w is not open to model:default/x');
    expect(
      connectionRefusal(
        { ...connection, allowedOwners: [], allowedModels: [] },
        'model:default/special',
        'group:default/team-a',
      ),
    ).toBeDefined();
  });
});
