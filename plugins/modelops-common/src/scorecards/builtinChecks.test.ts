import { BUILTIN_CHECK_IDS as C, createBuiltinChecks } from './builtinChecks';
import { fullFacts, NOW, readyModel } from './__fixtures__/facts';
import type { CheckStatus, ScorecardFacts } from './types';

const checks = createBuiltinChecks();
const run = (id: string, facts: ScorecardFacts) => {
  const check = checks.find(c => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check.evaluate(facts);
};
const status = (id: string, facts: ScorecardFacts): CheckStatus =>
  run(id, facts).status;
const experimental = readyModel({
  spec: {
    lifecycle: 'experimental',
    versions: [
      {
        version: '0.1',
        stage: 'development',
        metrics: { auc: 0.7 },
        runUrl: 'https://r/1',
      },
    ],
  },
});

describe('built-in checks', () => {
  it('all pass on a complete model with healthy facts', () => {
    const facts = fullFacts();
    for (const check of checks) {
      expect([check.id, check.evaluate(facts).status]).toEqual([
        check.id,
        'pass',
      ]);
    }
  });

  it('each cites at least one framework and says how to fix', () => {
    for (const check of checks) {
      expect(check.citations.length).toBeGreaterThan(0);
      expect(check.howToFix).toMatch(/\S/);
      expect(check.description).toMatch(
        /SR 11-7|EU AI Act|NIST AI RMF|ML Test Score|Model Cards/,
      );
    }
  });

  describe(C.ownerIsGroup, () => {
    it('passes when the owner resolves to a Group', () => {
      expect(run(C.ownerIsGroup, fullFacts()).evidence).toEqual([
        'group:default/credit-risk-ds resolves to a Group',
      ]);
    });
    it('fails when the owner does not exist or is a user', () => {
      expect(
        status(
          C.ownerIsGroup,
          fullFacts(undefined, {
            catalog: {
              owner: { ref: 'group:default/credit-risk-ds', kind: null },
            },
          }),
        ),
      ).toBe('fail');
      expect(
        status(
          C.ownerIsGroup,
          fullFacts(readyModel({ spec: { owner: 'user:default/ada' } })),
        ),
      ).toBe('fail');
      // a user owner fails even offline: it can never resolve to a Group
      expect(
        status(C.ownerIsGroup, {
          entity: readyModel({ spec: { owner: 'user:ada' } }),
          now: NOW,
        }),
      ).toBe('fail');
    });
    it('is not evaluated offline for a group ref (only the catalog can resolve it)', () => {
      expect(status(C.ownerIsGroup, { entity: readyModel(), now: NOW })).toBe(
        'not-evaluated',
      );
    });
  });

  describe.each([
    [C.intendedUse, 'intendedUse'],
    [C.limitations, 'limitations'],
  ])('%s', (id, field) => {
    it('passes with enough text, fails when missing or too short', () => {
      expect(status(id, fullFacts())).toBe('pass');
      expect(
        status(id, fullFacts(readyModel({ spec: { [field]: undefined } }))),
      ).toBe('fail');
      const short = run(
        id,
        fullFacts(readyModel({ spec: { [field]: 'TBD' } })),
      );
      expect(short.status).toBe('fail');
      expect(short.evidence[0]).toContain('3 characters');
    });
  });

  describe(C.riskTier, () => {
    it('passes when set, fails when missing', () => {
      expect(status(C.riskTier, fullFacts())).toBe('pass');
      expect(
        status(
          C.riskTier,
          fullFacts(readyModel({ spec: { riskTier: undefined } })),
        ),
      ).toBe('fail');
    });
  });

  describe(C.euAiAct, () => {
    it('passes when set, fails when missing, blocks when prohibited', () => {
      expect(status(C.euAiAct, fullFacts())).toBe('pass');
      expect(
        run(
          C.euAiAct,
          fullFacts(readyModel({ spec: { euAiActCategory: undefined } })),
        ),
      ).toMatchObject({ status: 'fail' });
      expect(
        run(
          C.euAiAct,
          fullFacts(readyModel({ spec: { euAiActCategory: undefined } })),
        ).blocking,
      ).toBeFalsy();
      expect(
        run(
          C.euAiAct,
          fullFacts(readyModel({ spec: { euAiActCategory: 'prohibited' } })),
        ),
      ).toMatchObject({ status: 'fail', blocking: true });
    });
  });

  describe(C.trainingData, () => {
    it('passes with datasets, fails without, not applicable for rule sets', () => {
      expect(status(C.trainingData, fullFacts())).toBe('pass');
      expect(
        status(
          C.trainingData,
          fullFacts(readyModel({ spec: { trainingData: [] } })),
        ),
      ).toBe('fail');
      expect(
        status(
          C.trainingData,
          fullFacts(
            readyModel({ spec: { trainingData: undefined, type: 'rules' } }),
          ),
        ),
      ).toBe('not-applicable');
    });
  });

  describe(C.serving, () => {
    it('passes when served, fails in production without servedBy, not applicable before production', () => {
      expect(status(C.serving, fullFacts())).toBe('pass');
      expect(
        status(
          C.serving,
          fullFacts(readyModel({ spec: { servedBy: undefined } })),
        ),
      ).toBe('fail');
      expect(
        status(
          C.serving,
          fullFacts(
            readyModel({ spec: { ...experimental.spec, servedBy: undefined } }),
          ),
        ),
      ).toBe('not-applicable');
    });
    it('treats a production version as production even when the lifecycle lags', () => {
      expect(
        status(
          C.serving,
          fullFacts(
            readyModel({
              spec: { lifecycle: 'experimental', servedBy: undefined },
            }),
          ),
        ),
      ).toBe('fail');
    });
  });

  describe(C.versionEvidence, () => {
    it('looks at the production version', () => {
      expect(run(C.versionEvidence, fullFacts()).evidence).toEqual([
        'version 3.2.0 (production) metrics: auc',
        'version 3.2.0 (production) runUrl: https://mlflow.example/runs/1',
      ]);
      const noRun = readyModel({
        spec: {
          versions: [
            { version: '1', stage: 'production', metrics: { auc: 1 } },
          ],
        },
      });
      expect(status(C.versionEvidence, fullFacts(noRun))).toBe('fail');
      const noMetrics = readyModel({
        spec: {
          versions: [
            { version: '1', stage: 'production', runUrl: 'https://r' },
          ],
        },
      });
      expect(status(C.versionEvidence, fullFacts(noMetrics))).toBe('fail');
    });
    it('uses the newest version without a production one, and fails without versions', () => {
      expect(status(C.versionEvidence, fullFacts(experimental))).toBe('pass');
      expect(
        status(
          C.versionEvidence,
          fullFacts(readyModel({ spec: { versions: undefined } })),
        ),
      ).toBe('fail');
    });
  });

  describe(C.productionApproved, () => {
    it('passes with an approved promotion of the production version', () => {
      expect(status(C.productionApproved, fullFacts())).toBe('pass');
    });
    it('fails when only another version was approved', () => {
      const facts = fullFacts(undefined, {
        approvals: {
          approvedVersions: [
            {
              version: '3.1.0',
              toStage: 'production',
              approvedAt: '2026-01-01',
            },
          ],
        },
      });
      expect(run(C.productionApproved, facts)).toEqual({
        status: 'fail',
        evidence: [
          'The catalog says version 3.2.0 is in production, but no approved promotion of it is recorded (the last approved production version is 3.1.0): treat it as unverified.',
        ],
      });
    });
    it('passes after a newer version is promoted, while the file still declares the older one', () => {
      const facts = fullFacts(undefined, {
        approvals: {
          approvedVersions: [
            {
              version: '3.3.0',
              toStage: 'production',
              approvedAt: '2026-11-27T10:00:00Z',
              requestId: 'req-1',
            },
          ],
        },
      });
      expect(run(C.productionApproved, facts)).toEqual({
        status: 'pass',
        evidence: [
          'Version 3.3.0 is in production through an approved promotion (request req-1) on 2026-11-27; spec.versions still declares 3.2.0: update it.',
        ],
      });
    });
    it('is not evaluated without approval facts; not applicable without a production version', () => {
      expect(
        status(C.productionApproved, { entity: readyModel(), now: NOW }),
      ).toBe('not-evaluated');
      expect(
        status(
          C.productionApproved,
          fullFacts(experimental, { approvals: { approvedVersions: [] } }),
        ),
      ).toBe('not-applicable');
      expect(
        status(C.productionApproved, { entity: experimental, now: NOW }),
      ).toBe('not-applicable');
      // A recorded promotion puts a version in production even if spec.versions declares none.
      expect(status(C.productionApproved, fullFacts(experimental))).toBe(
        'pass',
      );
    });
  });

  describe(C.driftConfigured, () => {
    it('passes with settings or with a stored reference', () => {
      expect(status(C.driftConfigured, fullFacts())).toBe('pass');
      expect(
        status(
          C.driftConfigured,
          fullFacts(readyModel({ spec: { monitoring: undefined } })),
        ),
      ).toBe('pass');
    });
    it('fails in production without either, not applicable before production', () => {
      const noMonitoring = readyModel({ spec: { monitoring: undefined } });
      expect(
        status(
          C.driftConfigured,
          fullFacts(noMonitoring, {
            drift: { hasReference: false, latestRun: null },
          }),
        ),
      ).toBe('fail');
      expect(
        status(C.driftConfigured, { entity: noMonitoring, now: NOW }),
      ).toBe('fail');
      expect(
        status(
          C.driftConfigured,
          fullFacts(
            readyModel({
              spec: { ...experimental.spec, monitoring: undefined },
            }),
          ),
        ),
      ).toBe('not-applicable');
    });
  });

  describe(C.driftRecent, () => {
    it('passes within the limit, fails when stale or never run', () => {
      expect(status(C.driftRecent, fullFacts())).toBe('pass');
      const stale = fullFacts(undefined, {
        drift: {
          hasReference: true,
          latestRun: { windowEnd: '2026-10-01T00:00:00Z', datasetDrift: false },
        },
      });
      expect(run(C.driftRecent, stale)).toEqual({
        status: 'fail',
        evidence: [
          'latest drift window ended 2026-10-01T00:00:00Z (52 days ago, limit 14)',
        ],
      });
      expect(
        status(
          C.driftRecent,
          fullFacts(undefined, {
            drift: { hasReference: true, latestRun: null },
          }),
        ),
      ).toBe('fail');
    });
    it('honours a configured limit', () => {
      const custom = createBuiltinChecks({ driftMaxAgeDays: 60 }).find(
        c => c.id === C.driftRecent,
      )!;
      const stale = fullFacts(undefined, {
        drift: {
          hasReference: true,
          latestRun: { windowEnd: '2026-10-01T00:00:00Z', datasetDrift: false },
        },
      });
      expect(custom.evaluate(stale).status).toBe('pass');
    });
    it('is not applicable without drift facts or before production', () => {
      expect(status(C.driftRecent, { entity: readyModel(), now: NOW })).toBe(
        'not-evaluated',
      );
      expect(status(C.driftRecent, { entity: experimental, now: NOW })).toBe(
        'not-applicable',
      );
      expect(status(C.driftRecent, fullFacts(experimental))).toBe(
        'not-applicable',
      );
    });
  });

  describe(C.driftAcknowledged, () => {
    const withRun = (datasetDrift: boolean, acknowledged?: boolean) =>
      fullFacts(undefined, {
        drift: {
          hasReference: true,
          latestRun: {
            windowEnd: '2026-11-20T00:00:00Z',
            datasetDrift,
            acknowledged,
          },
        },
      });
    it('passes without drift or with acknowledged drift, fails with open drift', () => {
      expect(status(C.driftAcknowledged, withRun(false))).toBe('pass');
      expect(status(C.driftAcknowledged, withRun(true, true))).toBe('pass');
      expect(status(C.driftAcknowledged, withRun(true))).toBe('fail');
    });
    it('is not applicable without drift facts or runs', () => {
      expect(
        status(C.driftAcknowledged, { entity: readyModel(), now: NOW }),
      ).toBe('not-evaluated');
      expect(
        status(
          C.driftAcknowledged,
          fullFacts(undefined, {
            drift: { hasReference: false, latestRun: null },
          }),
        ),
      ).toBe('not-applicable');
    });
  });

  describe(C.periodicReview, () => {
    const reviewed = (date: string | undefined, riskTier?: string) =>
      fullFacts(
        readyModel({
          spec: { riskTier },
          metadata: {
            annotations:
              date === undefined
                ? {}
                : { 'modelops.io/last-review-date': date },
          },
        }),
      );
    it('allows 12 months for high risk', () => {
      expect(status(C.periodicReview, reviewed('2025-11-23', 'high'))).toBe(
        'pass',
      );
      expect(run(C.periodicReview, reviewed('2025-11-21', 'high'))).toEqual({
        status: 'fail',
        evidence: [
          'last review 2025-11-21; risk tier high → due by 2026-11-21 (overdue)',
        ],
      });
    });
    it('allows longer intervals for lower tiers, and treats no tier as high', () => {
      expect(status(C.periodicReview, reviewed('2025-01-01', 'medium'))).toBe(
        'pass',
      );
      expect(status(C.periodicReview, reviewed('2024-01-01', 'medium'))).toBe(
        'fail',
      );
      expect(status(C.periodicReview, reviewed('2024-01-01', 'low'))).toBe(
        'pass',
      );
      expect(status(C.periodicReview, reviewed('2025-06-01', undefined))).toBe(
        'fail',
      );
    });
    it('fails when the annotation is missing or not a date; not applicable before production', () => {
      expect(status(C.periodicReview, reviewed(undefined, 'low'))).toBe('fail');
      expect(
        run(C.periodicReview, reviewed('last spring', 'low')).evidence[0],
      ).toContain('is not an ISO 8601 date');
      expect(status(C.periodicReview, fullFacts(experimental))).toBe(
        'not-applicable',
      );
    });
  });

  describe(C.modelCard, () => {
    it('passes with techdocs or a model card link, fails with neither', () => {
      expect(status(C.modelCard, fullFacts())).toBe('pass');
      const link = readyModel({
        metadata: {
          annotations: {},
          links: [{ url: 'https://docs/mc', title: 'Model card' }],
        },
      });
      expect(run(C.modelCard, fullFacts(link)).evidence).toEqual([
        'link "Model card": https://docs/mc',
      ]);
      const none = readyModel({
        metadata: {
          annotations: {},
          links: [{ url: 'https://x', title: 'Registry' }],
        },
      });
      expect(status(C.modelCard, fullFacts(none))).toBe('fail');
    });
  });
});
