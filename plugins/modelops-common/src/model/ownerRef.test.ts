import { ownerRefOf } from './ownerRef';
import type { Entity } from '@backstage/catalog-model';
import { productionVersion, productionVersionOf } from './productionVersion';

const model = (
  namespace: string | undefined,
  spec: Record<string, any>,
): Entity => ({
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'm', ...(namespace ? { namespace } : {}) },
  spec,
});

describe('ownerRefOf', () => {
  it("resolves a short owner in the entity's namespace, not in default", () => {
    expect(ownerRefOf(model('finance', { owner: 'Risk-Team' }))).toBe(
      'group:finance/risk-team',
    );
    expect(ownerRefOf(model('finance', { owner: 'group:Risk-Team' }))).toBe(
      'group:finance/risk-team',
    );
    expect(ownerRefOf(model(undefined, { owner: 'risk' }))).toBe(
      'group:default/risk',
    );
  });

  it('keeps an explicit kind and namespace, and is undefined for no or unreadable owners', () => {
    expect(ownerRefOf(model('finance', { owner: 'user:default/ada' }))).toBe(
      'user:default/ada',
    );
    expect(ownerRefOf(model('finance', {}))).toBeUndefined();
    expect(ownerRefOf(model('finance', { owner: '  ' }))).toBeUndefined();
    expect(ownerRefOf(model('finance', { owner: 'group:' }))).toBeUndefined();
  });
});

describe('productionVersion', () => {
  it('finds the version in production, skipping malformed items', () => {
    const versions = [
      null,
      { stage: 'production' },
      { version: '1', stage: 'staging' },
      { version: '2', stage: 'production' },
    ];
    expect(productionVersionOf(versions)).toEqual({
      version: '2',
      stage: 'production',
    });
    expect(productionVersion(model('default', { versions }))?.version).toBe(
      '2',
    );
    expect(productionVersionOf('nope')).toBeUndefined();
    expect(
      productionVersion(
        model('default', { versions: [{ version: '1', stage: 'staging' }] }),
      ),
    ).toBeUndefined();
  });
});
