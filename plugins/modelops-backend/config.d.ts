export interface Config {
  modelops?: {
    /** The HTTP API (src/schema/openapi.yaml). */
    api?: {
      /**
       * Validate every response against the OpenAPI document; a response that does not match it
       * becomes a 500 naming the mismatch. Default: on when NODE_ENV=test (so every test checks the
       * contract), off otherwise.
       */
      validateResponses?: boolean;
    };
    /** Drift monitoring API limits. */
    drift?: {
      /** Rows (or values per column) accepted per request. Default 100000. */
      maxRows?: number;
      /** Columns (features) accepted per request. Default 500. */
      maxFeatures?: number;
      /** JSON body limit of the drift endpoints, e.g. "50mb" (the default). */
      maxBodySize?: string;
      /**
       * Scheduled drift sources (docs/drift-monitoring.md#scheduled-sources): models name one of
       * these connections in `spec.monitoring.drift.source`; the backend runs their windows inside
       * the database on their cadence. No connection: no scheduled sources.
       */
      sources?: {
        /** How often the backend looks for due windows (a scheduler task, one replica at a time). Default every 5 minutes. */
        schedule?: {
          frequency?: { minutes?: number; seconds?: number; hours?: number };
          initialDelay?: { minutes?: number; seconds?: number };
          timeout?: { minutes?: number; seconds?: number };
        };
        /**
         * Earlier windows a tick also runs when they have no attempt yet (windows missed while
         * the backend was down, or the last ones before a source was added), newest first.
         * 0 to 100, default 3.
         */
        catchUpWindows?: number;
        /** Named database connections, read-only. Entities only name them. */
        connections?: {
          [name: string]: {
            /** `pg` (PostgreSQL) or `better-sqlite3` (SQLite, opened read-only). */
            client: 'pg' | 'better-sqlite3';
            /**
             * A PostgreSQL connection string or knex connection object (use a role that may only
             * SELECT the monitored tables or views), or `{ filename }` / a file path for SQLite.
             * @visibility secret
             */
            connection: string | { [key: string]: unknown };
            /** Milliseconds a statement may run (PostgreSQL statement_timeout). Default 30000. */
            statementTimeout?: number;
            /** Refuse a window with more rows than this on either side (counted in the database). */
            maxRows?: number;
            /** Owners (group or user refs) whose models may use this connection. */
            allowedOwners?: string[];
            /** Models (entity refs) that may use this connection. Neither list: nobody (deny by default). */
            allowedModels?: string[];
          };
        };
      };
    };
    /** Approval workflow for model version stage transitions (see docs/approvals.md). */
    approvals?: {
      /**
       * Approvals admins (cancel anyone's request, record any approved promotion): group entity refs
       * such as group:default/modelops-platform. An admin needs BOTH the modelops.approval.admin
       * permission from the permission policy AND direct membership in one of these groups, so an
       * allow-all policy does not make everyone an admin. Absent or empty: nobody is an admin.
       */
      admins?: string[];
      /**
       * Policies, first match wins. A transition with no matching policy cannot be requested.
       * Models without a risk tier are matched as `high`.
       */
      policies?: Array<{
        /** Unique id, recorded on every request. */
        id: string;
        title?: string;
        /** Risk tiers this policy applies to (low, medium, high); all when omitted. */
        riskTiers?: Array<'low' | 'medium' | 'high'>;
        /** Target stages this policy applies to (e.g. production); all when omitted. */
        targetStages?: Array<
          'none' | 'development' | 'staging' | 'production' | 'archived'
        >;
        /** Required roles: `count` distinct approvers from `group`/`groups` (`owner` = the model's owning group). */
        requirements: Array<{
          id?: string;
          title?: string;
          group?: string;
          groups?: string[];
          /** Quorum, default 1. */
          count?: number;
        }>;
        /** Whether members of the model's owning group may approve (default false). */
        allowOwnerApproval?: boolean;
        /** Hours until a pending request expires (default 168). */
        expiresAfterHours?: number;
        /**
         * The lowest scorecard level the model must hold to be promoted under this policy
         * (enforced when the promotion is recorded; the request template shows it read-only).
         * Absent: no minimum.
         */
        minimumReadiness?: {
          /** Scorecard id (default production-readiness). */
          scorecard?: string;
          /** Level number or name, e.g. Silver. */
          level: number | string;
        };
      }>;
    };
    /** Maturity and production readiness scorecards (see docs/scorecards.md). */
    scorecards?: {
      /** Seconds evaluated results are cached (default 60; 0 disables the cache). */
      cacheTtlSeconds?: number;
      /**
       * Groups whose members approve and revoke scorecard exemptions (group entity refs, e.g.
       * group:default/model-risk-management). The requester never approves their own exemption.
       * Absent or empty: exemptions cannot be approved through the API (only declared in config).
       */
      exemptionApprovers?: string[];
      /** Longest allowed exemption, in days (default 365). */
      maxExemptionDays?: number;
      /** Thresholds of the built-in checks. */
      thresholds?: {
        /** Maximum age of the newest drift window of a production model (default 14). */
        driftMaxAgeDays?: number;
        /** Minimum length of spec.intendedUse and spec.limitations (default 40). */
        minDocumentationLength?: number;
        /** Maximum months between periodic reviews per risk tier (default high 12, medium 24, low 36). */
        reviewIntervalMonths?: { high?: number; medium?: number; low?: number };
      };
      /** Custom checks: a path over the entity, an operator and a value, placed at a scorecard level. */
      checks?: Array<{
        /** Unique kebab-case id. */
        id: string;
        title: string;
        description?: string;
        citations?: string[];
        /** One line telling the owner what to change. */
        howToFix: string;
        /** `maturity` or `production-readiness`. */
        scorecard: string;
        /** Level (≥ 1) the check belongs to. */
        level: number;
        /** Path such as spec.framework, spec.versions[*].metrics.auc or metadata.annotations['x']. */
        path: string;
        operator:
          | 'exists'
          | 'notExists'
          | 'nonEmpty'
          | 'equals'
          | 'notEquals'
          | 'in'
          | 'notIn'
          | 'contains'
          | 'matches'
          | 'minLength'
          | 'gt'
          | 'gte'
          | 'lt'
          | 'lte'
          | 'maxAgeDays';
        value?: string | number | boolean | Array<string | number | boolean>;
        /** With a wildcard path: whether any (default) or all selected values must match. */
        match?: 'any' | 'all';
        /** The check is not applicable unless this condition holds. */
        when?: {
          path: string;
          operator: string;
          value?: string | number | boolean | Array<string | number | boolean>;
          match?: 'any' | 'all';
        };
      }>;
      /** Exemptions agreed outside the portal (requestedBy and approvedBy must differ). */
      exemptions?: Array<{
        entityRef: string;
        checkId: string;
        scorecard?: string;
        reason: string;
        requestedBy: string;
        approvedBy: string;
        /** ISO 8601; the exemption stops counting then. */
        expiresAt: string;
      }>;
      /** Scheduled snapshots for trends (one replica takes each). */
      snapshots?: {
        /** Default true. */
        enabled?: boolean;
        /** Scheduler definition; default every 6 hours. */
        schedule?: {
          frequency:
            | { cron: string }
            | string
            | {
                years?: number;
                months?: number;
                weeks?: number;
                days?: number;
                hours?: number;
                minutes?: number;
                seconds?: number;
              };
          timeout:
            | string
            | { hours?: number; minutes?: number; seconds?: number };
          initialDelay?:
            | string
            | { hours?: number; minutes?: number; seconds?: number };
        };
        /** Days snapshots are kept (default 400). */
        retentionDays?: number;
      };
    };
  };
}
