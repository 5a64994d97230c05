import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * `modelops:publish:local`: copies a workspace directory to `<directory>/<name>` on the backend
 * host. For portals without a git host (the example portal): the catalog reads
 * `<directory>/<name>/catalog-info.yaml` through a static `file` location with a glob
 * (POST /api/catalog/locations accepts `url` targets only). Disabled unless
 * `modelops.scaffolder.localPublishDirectory` is configured.
 *
 * @public
 */
export function createPublishLocalAction(options: { directory?: string }) {
  return createTemplateAction({
    id: 'modelops:publish:local',
    description:
      'Copies the workspace (or a sub-directory) to <modelops.scaffolder.localPublishDirectory>/<name> on the backend host, where a static catalog file location picks it up. For example portals without a git host.',
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
            .describe('Directory name (the repository name)'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace directory to copy (default the workspace root)',
            ),
        overwrite: z =>
          z
            .boolean()
            .optional()
            .describe('Replace an existing directory (default false)'),
      },
      output: {
        path: z =>
          z.string().describe('Absolute path of the published directory'),
      },
    },
    async handler(ctx) {
      if (!options.directory) {
        throw new InputError(
          'modelops:publish:local is disabled: set modelops.scaffolder.localPublishDirectory in app-config (example portals only) or publish to a git host instead',
        );
      }
      const root = path.resolve(options.directory);
      const target = resolveSafeChildPath(root, ctx.input.name);
      const source = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      if (ctx.isDryRun) {
        ctx.logger.info(
          `dry run: would copy ${ctx.input.sourcePath ?? '.'} to ${target}`,
        );
        ctx.output('path', target);
        return;
      }
      const exists = await fs.stat(target).then(
        () => true,
        () => false,
      );
      if (exists && !ctx.input.overwrite) {
        throw new InputError(
          `input.name: ${target} already exists; choose another name or set overwrite: true`,
        );
      }
      await fs.mkdir(root, { recursive: true });
      await fs.rm(target, { recursive: true, force: true });
      await fs.cp(source, target, { recursive: true });
      ctx.logger.info(`published to ${target}`);
      ctx.output('path', target);
    },
  });
}

/**
 * `modelops:fetch:local`: the counterpart of `modelops:publish:local`. Copies
 * `<modelops.scaffolder.localPublishDirectory>/<name>` into the workspace, so a template can change
 * a model published there (for example its `spec.versions` after a promotion) and publish it back.
 * Outputs `found: false`, without failing, when nothing was published under that name (a model
 * that lives in a git repository), so later steps can be skipped with `if`.
 *
 * @public
 */
export function createFetchLocalAction(options: { directory?: string }) {
  return createTemplateAction({
    id: 'modelops:fetch:local',
    description:
      'Copies <modelops.scaffolder.localPublishDirectory>/<name> into the workspace (the counterpart of modelops:publish:local); found is false when nothing was published under that name.',
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
            .describe('Directory name (the repository name, the model name)'),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe('Workspace directory to copy into (default the root)'),
      },
      output: {
        found: z =>
          z
            .boolean()
            .describe('True when <directory>/<name> existed and was copied'),
      },
    },
    async handler(ctx) {
      if (!options.directory) {
        throw new InputError(
          'modelops:fetch:local is disabled: set modelops.scaffolder.localPublishDirectory in app-config (example portals only) or fetch from a git host (fetch:plain) instead',
        );
      }
      const source = resolveSafeChildPath(
        path.resolve(options.directory),
        ctx.input.name,
      );
      const target = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.targetPath ?? '.',
      );
      const exists = await fs.stat(source).then(
        s => s.isDirectory(),
        () => false,
      );
      if (exists) {
        await fs.cp(source, target, { recursive: true });
        ctx.logger.info(`fetched ${source}`);
      } else {
        ctx.logger.info(
          `nothing published under ${ctx.input.name}: the model lives elsewhere (a git repository); skipping`,
        );
      }
      ctx.output('found', exists);
    },
  });
}
