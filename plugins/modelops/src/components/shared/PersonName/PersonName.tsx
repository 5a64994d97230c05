import { Fragment } from 'react';
import { EntityRefLink } from '@backstage/plugin-catalog-react';

const CATALOG_PRINCIPAL = /^(user|group):/i;

/**
 * A person or team as the catalog presents it: `user:default/priya.raman` shows as "Priya Raman"
 * (the User's `spec.profile.displayName`, else its title or name) and links to the profile, through
 * the entity presentation API. Anything that is not a user or group reference (a service
 * principal such as `plugin:scaffolder`, a client name) is shown as it is.
 */
export function PersonName(props: { entityRef?: string | null }) {
  const { entityRef } = props;
  if (!entityRef) return <>-</>;
  if (!CATALOG_PRINCIPAL.test(entityRef)) return <>{entityRef}</>;
  return <EntityRefLink entityRef={entityRef} hideIcon />;
}

/** Several people or teams, each by {@link PersonName}, separated by `separator` (", "). */
export function PersonNames(props: {
  entityRefs: string[];
  separator?: string;
}) {
  const { entityRefs, separator = ', ' } = props;
  return (
    <>
      {entityRefs.map((ref, i) => (
        <Fragment key={ref}>
          {i > 0 && separator}
          <PersonName entityRef={ref} />
        </Fragment>
      ))}
    </>
  );
}
