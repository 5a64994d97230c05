/**
 * Configuration of the example portal's own backend modules (not of the published plugins).
 */
export interface Config {
  modelops?: {
    /** Example portal only. */
    exampleData?: {
      /** Seed 45 days of drift history for example models on start (packages/backend). */
      seedDrift?: boolean;
      /**
       * Take a scorecard snapshot once the catalog has settled after start and seed eight weekly
       * snapshots of made-up history before it (packages/backend; refused with NODE_ENV=production).
       */
      seedScorecardHistory?: boolean;
    };
  };
}
