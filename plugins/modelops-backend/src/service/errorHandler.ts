import { LoggerService } from '@backstage/backend-plugin-api';
import { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
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
    const body = (status: number, name: string, message: string, extra: object = {}) => ({
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
      res.status(400).json(
        body(400, 'InputError', problems.map(p => `${p.path}: ${p.message}`).join('; '), { problems }),
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
    const status =
      statusByName[error?.name] ??
      (typeof error?.status === 'number' && error.status >= 400 && error.status < 500
        ? error.status
        : typeof error?.statusCode === 'number' && error.statusCode < 500
        ? error.statusCode
        : 500);
    if (status >= 500) {
      logger.error(`modelops request failed: ${error?.stack ?? error}`);
    }
    let message = status >= 500 ? 'Internal server error' : String(error?.message ?? error);
    if (error?.type === 'entity.too.large') {
      message = `request body is larger than the limit (${error.limit} bytes); send fewer rows per request or push a computed report`;
    } else if (error?.type === 'entity.parse.failed') {
      message = 'request body is not valid JSON';
    }
    res.status(status).json(body(status, error?.name ?? 'Error', message));
  };
}
