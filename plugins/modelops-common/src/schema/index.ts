export * from './url';
