import { mockCredentials } from '@backstage/backend-test-utils';
import { actorOf, clientOf, onBehalfOfActor, parseGroupRefs, userOf } from './callers';

describe('callers', () => {
  it('derives the audit client from verified credentials only', () => {
    expect(clientOf(mockCredentials.user('user:default/priya.raman'))).toBe('web');
    expect(clientOf(mockCredentials.user('user:default/priya.raman', { actor: { subject: 'plugin:scaffolder' } }))).toBe('plugin:scaffolder');
    expect(clientOf(mockCredentials.service('external:modelops-cli'))).toBe('external:modelops-cli');
    expect(clientOf(mockCredentials.none())).toBe('unknown');
  });

  it('names the user (lower-cased) and the acting plugin', () => {
    const obo = mockCredentials.user('user:default/Priya.Raman', { actor: { subject: 'plugin:scaffolder' } });
    expect(userOf(obo)).toBe('user:default/priya.raman');
    expect(onBehalfOfActor(obo)).toBe('plugin:scaffolder');
    expect(onBehalfOfActor(mockCredentials.user('user:default/a'))).toBeUndefined();
    expect(userOf(mockCredentials.service('external:x'))).toBeUndefined();
    expect(actorOf(mockCredentials.service('external:x'))).toBe('external:x');
  });

  it('parses admin groups, refusing anything that is not a group ref', () => {
    expect(parseGroupRefs(undefined, 'modelops.approvals.admins')).toEqual([]);
    expect(parseGroupRefs(['group:default/ModelOps-Platform', 'risk', 'group:finance/mrm'], 'modelops.approvals.admins')).toEqual([
      'group:default/modelops-platform',
      'group:default/risk',
      'group:finance/mrm',
    ]);
    expect(() => parseGroupRefs(['group:default/ok', 'user:default/ada'], 'modelops.approvals.admins')).toThrow(
      'modelops.approvals.admins[1] must be a group entity ref such as group:default/modelops-platform (got "user:default/ada")',
    );
  });
});
