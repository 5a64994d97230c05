import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import orgPlugin from '@backstage/plugin-org/alpha';
import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The example portal's app-config.yaml: its `app.extensions` entry for the org plugin's ownership card. */
function ownershipCardConfig(): Record<string, unknown> | undefined {
  const appConfig = parse(
    fs.readFileSync(
      path.resolve(__dirname, '..', '..', '..', 'app-config.yaml'),
      'utf8',
    ),
  );
  const entry = (appConfig.app.extensions as Array<Record<string, any>>).find(
    e => typeof e === 'object' && 'entity-card:org/ownership' in e,
  );
  return entry?.['entity-card:org/ownership']?.config;
}

const team: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'credit-risk-ds', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const owned = (kind: string, name: string, type: string): Entity => ({
  apiVersion:
    kind === 'Model' ? 'modelops.io/v1alpha1' : 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: { type, owner: 'group:default/credit-risk-ds' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/credit-risk-ds' }],
});

describe("the Group page's ownership card (app-config.yaml)", () => {
  it('counts the Models a team owns', async () => {
    const tester = createExtensionTester(
      orgPlugin.getExtension('entity-card:org/ownership'),
      { config: ownershipCardConfig() as any },
    );
    await renderInTestApp(
      <EntityProvider entity={team}>{tester.reactElement()}</EntityProvider>,
      {
        apis: [
          [
            catalogApiRef,
            catalogApiMock({
              entities: [
                team,
                owned('Model', 'credit-default-scorer', 'classification'),
                owned('Model', 'fraud-detector', 'classification'),
                owned('Component', 'scoring-service', 'service'),
              ],
            }),
          ],
        ],
      },
    );
    // One tile per kind and type: 2 CLASSIFICATIONS (Model), next to 1 SERVICE (Component)
    expect(await screen.findByText('Model')).toBeInTheDocument();
    expect(screen.getByText('CLASSIFICATIONS')).toBeInTheDocument();
    expect(screen.getByText('Component')).toBeInTheDocument();
  });
});
