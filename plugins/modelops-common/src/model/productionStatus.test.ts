import {
  APPROVED_PRODUCTION_AT_ANNOTATION,
  APPROVED_PRODUCTION_REQUEST_ANNOTATION,
  APPROVED_PRODUCTION_VERSION_ANNOTATION,
  approvedStageOf,
  productionStatus,
  promotionsFromAnnotations,
  RecordedPromotion,
} from './productionStatus';

const entity = (versions: Array<Record<string, unknown>>) => ({
  spec: { versions },
});
const declared32 = entity([
  { version: '3.2.0', stage: 'production', createdAt: '2026-09-14' },
  { version: '3.3.0', stage: 'staging', createdAt: '2026-11-02' },
]);
const promotion = (
  version: string,
  promotedAt = '2026-11-27T10:00:00Z',
): RecordedPromotion => ({
  version,
  toStage: 'production',
  promotedAt,
  requestId: `req-${version}`,
});

describe('productionStatus', () => {
  it('is unverified when the declared production version has no promotion', () => {
    const s = productionStatus(declared32, []);
    expect(s).toMatchObject({
      status: 'unverified',
      version: '3.2.0',
      declaredVersion: '3.2.0',
      declarationOutdated: false,
    });
    expect(s.summary).toBe(
      'The catalog says version 3.2.0 is in production, but no approved promotion is recorded: treat it as unverified.',
    );
  });

  it('is none with nothing declared and nothing promoted', () => {
    expect(productionStatus(entity([]), []).status).toBe('none');
    expect(productionStatus({}, []).status).toBe('none');
  });

  it('follows the recorded promotion when the file still declares the older version', () => {
    const s = productionStatus(declared32, [promotion('3.3.0')]);
    expect(s).toMatchObject({
      status: 'approved',
      version: '3.3.0',
      declaredVersion: '3.2.0',
      declarationOutdated: true,
      approved: { requestId: 'req-3.3.0' },
    });
    expect(s.summary).toBe(
      'Version 3.3.0 is in production through an approved promotion (request req-3.3.0) on 2026-11-27; spec.versions still declares 3.2.0: update it.',
    );
  });

  it('is approved and up to date when declared and promoted agree', () => {
    const s = productionStatus(
      entity([{ version: '3.3.0', stage: 'production' }]),
      [promotion('3.2.0', '2026-09-15T00:00:00Z'), promotion('3.3.0')],
    );
    expect(s).toMatchObject({
      status: 'approved',
      version: '3.3.0',
      declarationOutdated: false,
    });
  });

  it('uses the latest promotion whatever the order', () => {
    const s = productionStatus(entity([]), [
      promotion('3.3.0', '2026-11-27T00:00:00Z'),
      promotion('3.2.0', '2026-09-15T00:00:00Z'),
      { ...promotion('9.9.9', '2027-01-01T00:00:00Z'), toStage: 'staging' },
    ]);
    expect(s.version).toBe('3.3.0');
  });

  it('flags a declared version newer than the last promotion as unverified', () => {
    const s = productionStatus(
      entity([
        { version: '4.0.0', stage: 'production', createdAt: '2026-11-20' },
        { version: '3.10.0', stage: 'archived', createdAt: '2026-10-01' },
      ]),
      [promotion('3.10.0')],
    );
    expect(s).toMatchObject({
      status: 'unverified',
      version: '4.0.0',
      approved: { version: '3.10.0' },
    });
    expect(s.summary).toContain('last approved production version is 3.10.0');
    // Without dates, versions compare numerically (3.9.0 < 3.10.0).
    expect(
      productionStatus(entity([{ version: '3.9.0', stage: 'production' }]), [
        promotion('3.10.0'),
      ]).status,
    ).toBe('approved');
    expect(
      productionStatus(entity([{ version: '3.11.0', stage: 'production' }]), [
        promotion('3.10.0'),
      ]).status,
    ).toBe('unverified');
  });

  it('reads the annotations the catalog module writes', () => {
    const promotions = promotionsFromAnnotations({
      metadata: {
        annotations: {
          [APPROVED_PRODUCTION_VERSION_ANNOTATION]: '3.3.0',
          [APPROVED_PRODUCTION_REQUEST_ANNOTATION]: 'abc',
          [APPROVED_PRODUCTION_AT_ANNOTATION]: '2026-11-27T10:00:00Z',
        },
      },
    });
    expect(promotions).toEqual([
      {
        version: '3.3.0',
        toStage: 'production',
        promotedAt: '2026-11-27T10:00:00Z',
        requestId: 'abc',
      },
    ]);
    expect(promotionsFromAnnotations({ metadata: {} })).toEqual([]);
    const s = productionStatus(declared32, promotions);
    expect(approvedStageOf('3.3.0', s, promotions)).toBe('production');
    expect(approvedStageOf('3.2.0', s, promotions)).toBeUndefined();
    expect(
      approvedStageOf('3.2.0', s, [
        promotion('3.2.0', '2026-01-01'),
        ...promotions,
      ]),
    ).toBe('superseded');
  });
});
