import type { Entity } from '@backstage/catalog-model';
import {
  EntityPresentationApi,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { DefaultEntityPresentationApi } from '@backstage/plugin-catalog';

function user(name: string, displayName: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { profile: { displayName }, memberOf: [] },
  };
}

function group(name: string, title: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', title },
    spec: { type: 'team', children: [] },
  };
}

/** Catalog users and teams of the component tests, with their display names. */
export const people: Entity[] = [
  user('priya.raman', 'Priya Raman'),
  user('fatima.haddad', 'Fatima Haddad'),
  user('noah.klein', 'Noah Klein'),
  user('hannah.schmidt', 'Hannah Schmidt'),
  user('ada', 'Ada Lovelace'),
  user('grace.liu', 'Grace Liu'),
  group('model-risk-management', 'Model Risk Management'),
  group('compliance', 'Compliance'),
];

/**
 * The entity presentation API over a mock catalog holding {@link people}, as the app has it: user
 * and group references render as display names. Add to a `TestApiProvider`'s `apis`.
 */
export function peoplePresentationApi(): [
  typeof entityPresentationApiRef,
  EntityPresentationApi,
] {
  return [
    entityPresentationApiRef,
    DefaultEntityPresentationApi.create({
      catalogApi: catalogApiMock({ entities: people }),
      batchDelay: { milliseconds: 1 },
    }),
  ];
}

/** The catalog's entity route, which people links point to; add to `mountedRoutes`. */
export const entityRoute = {
  '/catalog/:namespace/:kind/:name': entityRouteRef,
};
