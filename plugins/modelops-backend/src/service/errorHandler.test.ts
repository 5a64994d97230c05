import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import express from 'express';
import request from 'supertest';
import { errorHandler } from './errorHandler';

/** An app whose only route fails with `error`, handled by the modelops error handler. */
function appFailingWith(error: unknown) {
  const app = express();
  app.get('/x', (_req, _res, next) => next(error));
  app.use(errorHandler(mockServices.logger.mock()));
  return app;
}

describe('errorHandler', () => {
  it.each([
    ['22001', 'a value is longer than the field allows'],
    ['22021', 'a value contains a NUL byte or invalid UTF-8'],
    ['22P05', 'a value contains a NUL byte'],
    ['23503', 'a referenced record does not exist'],
  ])(
    'answers a client-caused PostgreSQL error %s with a 400, not a 500',
    async (code, message) => {
      const pgError = Object.assign(new Error(`db says ${code}`), { code });
      const res = await request(appFailingWith(pgError)).get('/x');
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message.startsWith(`(request): ${message}`)).toBe(
        true,
      );
    },
  );

  it('answers a stack overflow with a 400 and keeps other errors as they were', async () => {
    const overflow = await request(
      appFailingWith(new RangeError('Maximum call stack size exceeded')),
    ).get('/x');
    expect(overflow.status).toBe(400);
    expect(overflow.body.error.message).toMatch(
      /^\(request\): the request is nested or sized beyond/,
    );
    const input = await request(
      appFailingWith(new InputError('rows: bad')),
    ).get('/x');
    expect(input.status).toBe(400);
    expect(input.body.error.message).toBe('rows: bad');
    const bug = await request(
      appFailingWith(new TypeError('x is undefined')),
    ).get('/x');
    expect(bug.status).toBe(500);
    expect(bug.body.error.message).toBe('Internal server error');
    const otherDb = await request(
      appFailingWith(Object.assign(new Error('deadlock'), { code: '40P01' })),
    ).get('/x');
    expect(otherDb.status).toBe(500);
  });
});
