import {
  coreServices,
  createBackendPlugin,
  LoggerService,
  PermissionsRegistryService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  modelopsApprovalAdminPermission,
  modelopsApprovalCreatePermission,
  modelopsApprovalDecidePermission,
  modelopsApprovalReadPermission,
  modelopsDriftAcknowledgePermission,
  modelopsDriftReadPermission,
  modelopsDriftSubmitPermission,
  modelopsModelExportPermission,
  modelopsScorecardPermissions,
  parseApprovalPolicies,
  PlacedScorecardCheck,
} from '@modelops/plugin-modelops-common';
import { modelopsScorecardChecksExtensionPoint } from '@modelops/plugin-modelops-node';
import type { ApprovalStore } from './database/ApprovalStore';
import { createStores } from './database/stores';
import {
  approvalPermissionRules,
  approvalRequestResourceRef,
} from './service/approvals/approvalPermissionRules';
import { ApprovalService } from './service/approvals/ApprovalService';
import { registerModelopsActions } from './service/actions/registerModelopsActions';
import { createAuthorize } from './service/authorize';
import { ModelBomService } from './service/bom/ModelBomService';
import { EvidenceService } from './service/evidence/EvidenceService';
import { parseGroupRefs } from './service/callers';
import { readDriftLimits } from './service/drift/driftRouter';
import { DriftService } from './service/drift/DriftService';
import { readDriftSourceSettings } from './service/drift/driftSourceConfig';
import { DriftSourceRunner } from './service/drift/DriftSourceRunner';
import { createRouter } from './service/router';
import {
  readScorecardSettings,
  ScorecardSettings,
} from './service/scorecards/scorecardConfig';
import {
  promotionsAsApprovalFacts,
  ScorecardFactsLoader,
} from './service/scorecards/ScorecardFactsLoader';
import { ScorecardService } from './service/scorecards/ScorecardService';

/*
 * The composition root of the plugin: the only place that builds the stores (once, on one client,
 * migrations once), wires them as interfaces into the feature services, registers permissions and
 * schedules tasks. The routers only parse, authorize, call a service and serialise.
 */

/** Every permission of the plugin, registered once (the decide permission with its resource type). */
function registerPermissions(
  registry: PermissionsRegistryService,
  approvals: ApprovalStore,
) {
  registry.addPermissions([
    modelopsDriftReadPermission,
    modelopsDriftSubmitPermission,
    modelopsDriftAcknowledgePermission,
    modelopsApprovalCreatePermission,
    modelopsApprovalReadPermission,
    modelopsApprovalAdminPermission,
    modelopsModelExportPermission,
    ...modelopsScorecardPermissions,
  ]);
  registry.addResourceType({
    resourceRef: approvalRequestResourceRef,
    permissions: [modelopsApprovalDecidePermission],
    rules: approvalPermissionRules,
    getResources: async ids =>
      Promise.all(ids.map(id => approvals.getRequest(id))),
  });
}

/** The plugin's scheduled tasks: request expiry, and scorecard snapshots when enabled. */
async function scheduleTasks(
  scheduler: SchedulerService,
  tasks: {
    approvals: ApprovalService;
    scorecards: ScorecardService;
    snapshots: ScorecardSettings['snapshots'];
    driftSources?: {
      runner: DriftSourceRunner;
      schedule: SchedulerServiceTaskScheduleDefinition;
    };
  },
) {
  await scheduler.scheduleTask({
    id: 'modelops-approvals-expire',
    frequency: { minutes: 5 },
    timeout: { minutes: 2 },
    initialDelay: { seconds: 30 },
    fn: async () => {
      await tasks.approvals.expireDue();
    },
  });
  if (tasks.snapshots.enabled) {
    await scheduler.scheduleTask({
      id: 'modelops-scorecards-snapshot',
      ...tasks.snapshots.schedule,
      // After the configured schedule (which may carry `scope`): one replica takes each snapshot.
      scope: 'global',
      fn: async () => {
        await tasks.scorecards.snapshot('schedule');
      },
    });
  }
  const sources = tasks.driftSources;
  if (sources) {
    // One task scans every model with a source (cluster-wide lock: one replica per tick); each
    // window is also claimed in the database, so a second tick or replica never stores it twice.
    await scheduler.scheduleTask({
      id: 'modelops-drift-sources',
      ...sources.schedule,
      scope: 'global',
      fn: async () => {
        await sources.runner.tick();
      },
    });
  }
}

function logMissingGroups(
  logger: LoggerService,
  adminGroups: string[],
  settings: ScorecardSettings,
) {
  if (adminGroups.length === 0) {
    logger.info(
      'modelops approvals: no modelops.approvals.admins configured; only requesters can cancel their requests',
    );
  }
  if (settings.exemptionApprovers.length === 0) {
    logger.info(
      'modelops scorecards: no modelops.scorecards.exemptionApprovers configured; exemptions can only be declared in config',
    );
  }
}

/**
 * The modelops backend plugin: serves `/api/modelops`.
 *
 * @public
 */
export const modelopsPlugin = createBackendPlugin({
  pluginId: 'modelops',
  register(env) {
    const scorecardChecks: PlacedScorecardCheck[] = [];
    env.registerExtensionPoint(modelopsScorecardChecksExtensionPoint, {
      addCheck: (check, placements) =>
        scorecardChecks.push({
          check,
          placements: Array.isArray(placements) ? placements : [placements],
        }),
    });
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        httpRouter,
        logger,
        config,
        database,
        httpAuth,
        auth,
        auditor,
        permissions,
        permissionsRegistry,
        scheduler,
        lifecycle,
        cache,
        catalog,
        notifications,
        actionsRegistry,
      }) {
        // Config first: a bad value stops the backend with its path before anything is written.
        const { maxBodySize: _bodyLimit, ...driftLimits } =
          readDriftLimits(config);
        const driftSources = readDriftSourceSettings(config);
        const policies = parseApprovalPolicies(
          config.getOptional('modelops.approvals.policies'),
        );
        const adminGroups = parseGroupRefs(
          config.getOptionalStringArray('modelops.approvals.admins'),
          'modelops.approvals.admins',
        );
        const scorecardSettings = readScorecardSettings(
          config,
          scorecardChecks,
        );
        logMissingGroups(logger, adminGroups, scorecardSettings);

        const stores = await createStores({ database });
        const notifier = notifications;
        const scorecards = new ScorecardService({
          engine: scorecardSettings.engine,
          store: stores.scorecards,
          facts: new ScorecardFactsLoader({
            driftStore: stores.drift,
            approvals: scorecardSettings.approvalsEnabled
              ? promotionsAsApprovalFacts(stores.approvals)
              : undefined,
          }),
          catalog,
          auth,
          logger,
          configExemptions: scorecardSettings.configExemptions,
          cacheTtlMs: scorecardSettings.cacheTtlMs,
          maxExemptionDays: scorecardSettings.maxExemptionDays,
          exemptionApprovers: scorecardSettings.exemptionApprovers,
          retentionDays: scorecardSettings.snapshots.retentionDays,
          // Model results and team answers, shared by replicas (backend.cache).
          cache,
        });
        let sourceRunner: DriftSourceRunner | undefined = undefined;
        const drift = new DriftService({
          store: stores.drift,
          // The model's scheduled source and its newest attempt, in the status.
          sourceStatus: entity => sourceRunner!.status(entity),
          catalog,
          auth,
          logger,
          notifier,
          limits: driftLimits,
          // Computed chart histories, shared by replicas when backend.cache is Redis/Memcache.
          cache,
          // An acknowledgement changes a scorecard check: drop cached evaluations.
          onAcknowledged: () => scorecards.invalidate(),
        });
        sourceRunner = new DriftSourceRunner({
          drift,
          store: stores.driftSources,
          catalog,
          auth,
          logger,
          connections: driftSources.connections,
          limits: driftLimits,
          catchUpWindows: driftSources.catchUpWindows,
        });
        const approvals = new ApprovalService({
          store: stores.approvals,
          catalog,
          auth,
          permissions,
          logger,
          policies,
          adminGroups,
          notifier,
          // The policy's minimum readiness is checked when a promotion is recorded.
          readiness: modelRef => scorecards.evaluateModel(modelRef),
          // A recorded promotion changes the check production-version-approved.
          onPromoted: () => scorecards.invalidate(),
        });

        registerPermissions(permissionsRegistry, stores.approvals);
        await scheduleTasks(scheduler, {
          approvals,
          scorecards,
          snapshots: scorecardSettings.snapshots,
          driftSources:
            driftSources.connections.size > 0
              ? { runner: sourceRunner, schedule: driftSources.schedule }
              : undefined,
        });
        lifecycle.addShutdownHook(() => sourceRunner?.close());

        const authorize = createAuthorize({ httpAuth, auth, permissions });
        httpRouter.use(
          await createRouter({
            logger,
            config,
            authorize,
            auditor,
            drift,
            approvals,
            scorecards,
            bom: new ModelBomService({ catalog }),
            evidence: new EvidenceService({
              catalog,
              approvals,
              scorecards,
              drift,
              logger,
            }),
            validateResponses:
              config.getOptionalBoolean('modelops.api.validateResponses') ??
              process.env.NODE_ENV === 'test',
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // Actions for AI agents (served as MCP tools by @backstage/plugin-mcp-actions-backend):
        // the same services, permissions and audit trail as the routes (docs/ai-agents.md).
        registerModelopsActions(actionsRegistry, {
          catalog,
          auth,
          permissions,
          auditor,
          scorecards,
          drift,
          approvals,
        });
      },
    });
  },
});
