/*
 * Example portal only: the data behind the example scheduled drift source (docs/drift-monitoring.md#scheduled-sources).
 */
export { exampleDriftSourceModule as default } from './module';
