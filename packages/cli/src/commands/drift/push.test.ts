import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { runDrift } from '../drift';
import { parseModelRef } from './push';

function csv(rows: number, shift: number) {
  const lines = ['x,group'];
  for (let i = 0; i < rows; i++)
    lines.push(`${(i % 50) + shift},${i % 3 === 0 ? 'a' : 'b'}`);
  return `${lines.join('\n')}\n`;
}

describe('modelops drift --push', () => {
  let dir: string;
  let server: http.Server;
  let url: string;
  const received: { path: string; auth?: string; body: any }[] = [];
  let status = 201;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-push-'));
    fs.writeFileSync(path.join(dir, 'ref.csv'), csv(200, 0));
    fs.writeFileSync(path.join(dir, 'cur.csv'), csv(200, 30));
    server = http.createServer((req, res) => {
      let data = '';
      req.on('data', c => (data += c));
      req.on('end', () => {
        const body = JSON.parse(data);
        received.push({
          path: req.url!,
          auth: req.headers.authorization,
          body,
        });
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(
          status < 300
            ? JSON.stringify({
                created: status === 201,
                run: {
                  runId: body.runId,
                  datasetDrift: body.report.datasetDrift,
                },
              })
            : JSON.stringify({
                error: {
                  name: 'InputError',
                  message:
                    'report.features[0].kind: must be "numeric" or "categorical"',
                },
              }),
        );
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (extra: object) => {
    const out: string[] = [];
    const err: string[] = [];
    return runDrift(
      {
        reference: path.join(dir, 'ref.csv'),
        current: path.join(dir, 'cur.csv'),
        format: 'json',
        push: true,
        url,
        token: 't0k',
        ...extra,
      } as any,
      l => out.push(l),
      l => err.push(l),
    ).then(code => ({ code, out, err }));
  };

  it('posts the computed report with a stable default run id and the token', async () => {
    received.length = 0;
    const first = await run({
      model: 'model:risk/churn',
      windowEnd: '2026-11-22T00:00:00Z',
    });
    const second = await run({
      model: 'model:risk/churn',
      windowEnd: '2026-11-22T00:00:00Z',
    });
    expect(first.code).toBe(0);
    expect(received[0].path).toBe('/api/modelops/drift/models/risk/churn/runs');
    expect(received[0].auth).toBe('Bearer t0k');
    expect(received[0].body.windowEnd).toBe('2026-11-22T00:00:00Z');
    expect(received[0].body.report.datasetDrift).toBe(true);
    expect(received[0].body.report.features.map((f: any) => f.name)).toEqual([
      'x',
      'group',
    ]);
    expect(received[0].body.runId).toMatch(/^cli-[0-9a-f]{20}$/);
    expect(received[1].body.runId).toBe(received[0].body.runId);
    expect(JSON.parse(first.out.join('\n')).datasetDrift).toBe(true);
    expect(first.err.join('\n')).toContain('pushed run');
    expect(second.code).toBe(0);
  });

  it('fails with exit code 3 and the server message when the portal rejects the report', async () => {
    status = 400;
    const res = await run({ model: 'churn', runId: 'r1' });
    status = 201;
    expect(res.code).toBe(3);
    expect(res.err.join('\n')).toContain(
      'the backend answered 400: report.features[0].kind',
    );
  });

  it('fails with exit code 3 when the backend cannot be reached', async () => {
    const res = await run({ model: 'churn', url: 'http://127.0.0.1:9' });
    expect(res.code).toBe(3);
    expect(res.err.join('\n')).toMatch(/could not reach http:\/\/127.0.0.1:9/);
  });

  it('needs --model', async () => {
    const res = await run({});
    expect(res.code).toBe(2);
    expect(res.err[0]).toContain('--push needs --model');
  });

  it('parses model refs', () => {
    expect(parseModelRef('model:default/a')).toEqual({
      namespace: 'default',
      name: 'a',
    });
    expect(parseModelRef('b')).toEqual({ namespace: 'default', name: 'b' });
    expect(() => parseModelRef('component:default/a')).toThrow(
      /--model must be a Model entity ref/,
    );
  });
});
