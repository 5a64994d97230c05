import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  defaultEntityPresentation,
  EntityPresentationApi,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';

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
 * An entity presentation API over {@link people}, as the app has one: the catalog's default
 * presentation of the loaded entity (`spec.profile.displayName` for users, `metadata.title` for
 * groups), so user and group references render as display names. Add to a `TestApiProvider`'s
 * `apis`.
 */
export function peoplePresentationApi(): [
  typeof entityPresentationApiRef,
  EntityPresentationApi,
] {
  const byRef = new Map(
    people.map(e => [stringifyEntityRef(e).toLocaleLowerCase('en-US'), e]),
  );
  return [
    entityPresentationApiRef,
    {
      forEntity(entityOrRef, context) {
        const ref =
          typeof entityOrRef === 'string'
            ? stringifyEntityRef(parseEntityRef(entityOrRef, context))
            : stringifyEntityRef(entityOrRef);
        const entity = byRef.get(ref.toLocaleLowerCase('en-US'));
        const snapshot = defaultEntityPresentation(entity ?? ref, context);
        return { snapshot, promise: Promise.resolve(snapshot) };
      },
    },
  ];
}

/** The catalog's entity route, which people links point to; add to `mountedRoutes`. */
export const entityRoute = {
  '/catalog/:namespace/:kind/:name': entityRouteRef,
};
