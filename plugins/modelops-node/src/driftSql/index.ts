export type {
  ColumnInfo,
  SessionOptions,
  SqlDialect,
  SqlSession,
} from './dialects';
export {
  dialectOf,
  postgresDialect,
  sqliteDialect,
  withSession,
  withSessions,
} from './dialects';
export type {
  DatabaseDriftOptions,
  EcdfPlan,
  DatabaseProfileOptions,
  SqlSource,
} from './pushdown';
export {
  buildProfileInDatabase,
  computeDriftInDatabase,
  DatabaseInputError,
  describeSource,
} from './pushdown';
export { asSubquery, selectSource, tableSource } from './sources';
