import { createPermission } from '@backstage/plugin-permission-common';

/** Read scorecard results, team roll-ups, history and exemptions. */
export const modelopsScorecardReadPermission = createPermission({
  name: 'modelops.scorecard.read',
  attributes: { action: 'read' },
});

/** Request or approve an exemption (the approver must still differ from the requester). */
export const modelopsScorecardExemptionPermission = createPermission({
  name: 'modelops.scorecard.exemption',
  attributes: { action: 'update' },
});

/** Take a snapshot of every model's results on demand (the scheduler takes them anyway). */
export const modelopsScorecardSnapshotPermission = createPermission({
  name: 'modelops.scorecard.snapshot',
  attributes: { action: 'create' },
});

/** Every scorecard permission. */
export const modelopsScorecardPermissions = [
  modelopsScorecardReadPermission,
  modelopsScorecardExemptionPermission,
  modelopsScorecardSnapshotPermission,
];
