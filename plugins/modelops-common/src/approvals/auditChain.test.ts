import { createHash } from 'node:crypto';
import {
  AUDIT_GENESIS_HASH,
  AuditEvent,
  auditEventsToCsv,
  canonicalJson,
  chainAuditEvent,
  verifyAuditChain,
} from './auditChain';

const sha256 = (s: string) =>
  createHash('sha256').update(s, 'utf8').digest('hex');

function chain(n: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let i = 1; i <= n; i++) {
    events.push(
      chainAuditEvent(
        {
          type: 'decision.recorded',
          requestId: 'r1',
          modelRef: 'model:default/m',
          actor: `user:default/u${i}`,
          client: 'web',
          comment: i === 2 ? 'looks good, "ship"' : null,
          payload: { decision: 'approve', n: i },
          createdAt: `2026-11-22T10:00:0${i}Z`,
        },
        {
          seq: i,
          id: `e${i}`,
          prevHash: events[i - 2]?.hash ?? AUDIT_GENESIS_HASH,
        },
        sha256,
      ),
    );
  }
  return events;
}

describe('audit chain', () => {
  it('canonical JSON sorts keys at every level', () => {
    expect(
      canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } }),
    ).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('verifies an intact chain', () => {
    const events = chain(5);
    expect(verifyAuditChain(events, sha256)).toEqual({
      valid: true,
      checked: 5,
      headHash: events[4].hash,
      firstBroken: null,
    });
    expect(verifyAuditChain([], sha256)).toMatchObject({
      valid: true,
      headHash: AUDIT_GENESIS_HASH,
    });
  });

  it('reports the first modified event', () => {
    const events = chain(5);
    events[2] = { ...events[2], comment: 'edited' };
    const result = verifyAuditChain(events, sha256);
    expect(result).toMatchObject({
      valid: false,
      checked: 2,
      firstBroken: { seq: 3, id: 'e3', reason: 'hash-mismatch' },
    });
  });

  it('reports a modified payload even when the stored hash is recomputed (the next link breaks)', () => {
    const events = chain(4);
    const { hash: _h, ...rest } = events[1];
    events[1] = chainAuditEvent(
      { ...rest, payload: { decision: 'reject' } },
      { seq: 2, id: 'e2', prevHash: events[0].hash },
      sha256,
    );
    expect(verifyAuditChain(events, sha256).firstBroken).toMatchObject({
      seq: 3,
      reason: 'prev-hash-mismatch',
    });
  });

  it('paging: checked counts from event #1, so the last page gives the total (pages are not added up)', () => {
    const events = chain(9);
    const first = verifyAuditChain(events.slice(0, 4), sha256);
    const second = verifyAuditChain(events.slice(4), sha256, {
      startSeq: 5,
      startHash: first.headHash,
    });
    expect(second).toEqual(verifyAuditChain(events, sha256));
    expect(second.checked).toBe(9);
    const broken = [...events];
    broken[6] = { ...broken[6], comment: 'edited' };
    expect(
      verifyAuditChain(broken.slice(4), sha256, {
        startSeq: 5,
        startHash: first.headHash,
      }),
    ).toMatchObject({
      valid: false,
      checked: 6,
      firstBroken: { seq: 7, reason: 'hash-mismatch' },
    });
  });

  it('reports deleted events', () => {
    const events = chain(4);
    events.splice(1, 1);
    expect(verifyAuditChain(events, sha256).firstBroken).toMatchObject({
      seq: 3,
      reason: 'sequence-gap',
    });
  });

  it('exports CSV with quoting and formula neutralization', () => {
    const events = chain(2);
    events[0] = { ...events[0], comment: '=HYPERLINK("x")' };
    const csv = auditEventsToCsv(events).split('\r\n');
    expect(csv[0]).toBe(
      'seq,id,createdAt,type,actor,client,requestId,modelRef,comment,payload,prevHash,hash',
    );
    expect(csv[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv[2]).toContain('"looks good, ""ship"""');
    expect(csv[2]).toContain('"{""decision"":""approve"",""n"":2}"');
    expect(csv).toHaveLength(4);
  });
});
