import { LoggerService } from '@backstage/backend-plugin-api';
import { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';

/** A 4xx status the error carries itself (status or statusCode), else 500. */
function clientStatusOf(error: any): number {
  if (
    typeof error?.status === 'number' &&
    error.status >= 400 &&
    error.status < 500
  ) {
    return error.status;
  }
  if (typeof error?.statusCode === 'number' && error.statusCode < 500)
    return error.statusCode;
  return 500;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, p) => {
    if (typeof p === 'number') return `${acc}[${p}]`;
    return acc ? `${acc}.${String(p)}` : String(p);
  }, '');
}

/*
 * Database errors that can only come from a value the client sent (the schemas should have caught
 * it first; these are the safety net, logged as warnings so a missing check gets noticed).
 * PostgreSQL SQLSTATE codes; SQLite has no column sizes and stores NULs, so only PostgreSQL needs this.
 */
const CLIENT_DB_ERRORS: Record<string, { status: number; message: string }> = {
  '22001': {
    status: 400,
    message: 'a value is longer than the field allows; shorten it',
  },
  '22021': {
    status: 400,
    message: 'a value contains a NUL byte or invalid UTF-8; remove it',
  },
  '22P05': {
    status: 400,
    message: 'a value contains a NUL byte (\\u0000); remove it',
  },
  '22003': { status: 400, message: 'a number is out of range' },
  '22007': { status: 400, message: 'a date-time is not valid' },
  '22008': { status: 400, message: 'a date-time is out of range' },
  '23503': {
    status: 400,
    message: 'a referenced record does not exist; check the ids you sent',
  },
};

/** A stack overflow while handling a request comes from input nested or sized beyond the limits. */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack size/i.test(error.message);
}

/**
 * Turns errors into JSON responses. zod errors become 400 with every problem named by field path;
 * Backstage errors (InputError, NotFoundError, NotAllowedError, ConflictError, ...) keep their status;
 * body-parser errors (too large, bad JSON) keep theirs. Anything else is a logged 500.
 */
export function errorHandler(logger: LoggerService): ErrorRequestHandler {
  return (error, req, res, next) => {
    // Backstage's standard error body (ErrorResponseBody), so ResponseError / ResponseErrorPanel
    // in the frontend show "status: name - message".
    const body = (
      status: number,
      name: string,
      message: string,
      extra: object = {},
    ) => ({
      error: { name, message },
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: status },
      ...extra,
    });
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof ZodError) {
      const problems = error.issues.map(i => ({
        path: formatPath(i.path) || '(body)',
        message: i.message,
      }));
      res
        .status(400)
        .json(
          body(
            400,
            'InputError',
            problems.map(p => `${p.path}: ${p.message}`).join('; '),
            { problems },
          ),
        );
      return;
    }
    const dbError =
      typeof error?.code === 'string'
        ? CLIENT_DB_ERRORS[error.code]
        : undefined;
    if (dbError || isStackOverflow(error)) {
      logger.warn(
        `modelops request refused after reaching the database or overflowing the stack (a validation gap): ${
          error?.message ?? error
        }`,
      );
      const message =
        dbError?.message ??
        'the request is nested or sized beyond what the server handles; send smaller or flatter data';
      res
        .status(dbError?.status ?? 400)
        .json(
          body(dbError?.status ?? 400, 'InputError', `(request): ${message}`),
        );
      return;
    }
    const statusByName: Record<string, number> = {
      InputError: 400,
      AuthenticationError: 401,
      NotAllowedError: 403,
      NotFoundError: 404,
      ConflictError: 409,
      NotModifiedError: 304,
    };
    const status = statusByName[error?.name] ?? clientStatusOf(error);
    if (status >= 500) {
      logger.error(`modelops request failed: ${error?.stack ?? error}`);
    }
    let message =
      status >= 500 ? 'Internal server error' : String(error?.message ?? error);
    if (error?.type === 'entity.too.large') {
      message = `request body is larger than the limit (${error.limit} bytes); send fewer rows per request or push a computed report`;
    } else if (error?.type === 'entity.parse.failed') {
      message = 'request body is not valid JSON';
    }
    res.status(status).json(body(status, error?.name ?? 'Error', message));
  };
}
