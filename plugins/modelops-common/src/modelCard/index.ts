export {
  detectModelCardFormat,
  importModelCard,
  MODEL_CARD_MAX_SIZE,
  MODEL_CARD_MAX_TEXT,
  ModelCardImportError,
  toEntityName,
} from './importModelCard';
export type {
  ModelCardFormat,
  ModelCardImport,
  ModelCardImportOptions,
  UnmappedField,
} from './importModelCard';
