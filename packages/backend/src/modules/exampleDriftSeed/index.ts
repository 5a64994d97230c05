/*
 * Example portal only: seeds drift history for the example models (see docs/drift-monitoring.md).
 */
export { exampleDriftSeedModule as default } from './module';
