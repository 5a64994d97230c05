import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { callerOf, parseGroupRefs, submitterOf } from './callers';

const auth = mockServices.auth();
const caller = (credentials: Parameters<typeof callerOf>[1]) =>
  callerOf(auth, credentials);

describe('callers', () => {
  it('derives the audit client from verified credentials only', () => {
    expect(
      caller(mockCredentials.user('user:default/priya.raman')).client,
    ).toBe('web');
    expect(
      caller(
        mockCredentials.user('user:default/priya.raman', {
          actor: { subject: 'plugin:scaffolder' },
        }),
      ).client,
    ).toBe('plugin:scaffolder');
    expect(
      caller(mockCredentials.service('external:modelops-cli')).client,
    ).toBe('external:modelops-cli');
    expect(caller(mockCredentials.none()).client).toBe('unknown');
  });

  it('names the user (lower-cased) and the acting plugin', () => {
    const obo = caller(
      mockCredentials.user('user:default/Priya.Raman', {
        actor: { subject: 'plugin:scaffolder' },
      }),
    );
    expect(obo).toMatchObject({
      user: 'user:default/priya.raman',
      onBehalfOf: 'plugin:scaffolder',
      actor: 'user:default/priya.raman',
    });
    expect(
      caller(mockCredentials.user('user:default/a')).onBehalfOf,
    ).toBeUndefined();
    const service = caller(mockCredentials.service('external:x'));
    expect(service.user).toBeUndefined();
    expect(service.actor).toBe('external:x');
  });

  it('records drift submitters as the user or service:<subject>, never confusing the two', () => {
    expect(submitterOf(caller(mockCredentials.user('user:default/Ada')))).toBe(
      'user:default/ada',
    );
    expect(
      submitterOf(caller(mockCredentials.service('external:pipeline'))),
    ).toBe('service:external:pipeline');
    expect(submitterOf(caller(mockCredentials.none()))).toBe('none');
  });

  it('parses admin groups, refusing anything that is not a group ref', () => {
    expect(parseGroupRefs(undefined, 'modelops.approvals.admins')).toEqual([]);
    expect(
      parseGroupRefs(
        ['group:default/ModelOps-Platform', 'risk', 'group:finance/mrm'],
        'modelops.approvals.admins',
      ),
    ).toEqual([
      'group:default/modelops-platform',
      'group:default/risk',
      'group:finance/mrm',
    ]);
    expect(() =>
      parseGroupRefs(
        ['group:default/ok', 'user:default/ada'],
        'modelops.approvals.admins',
      ),
    ).toThrow(
      'modelops.approvals.admins[1] must be a group entity ref such as group:default/modelops-platform (got "user:default/ada")',
    );
  });
});
