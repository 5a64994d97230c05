export {
  buildModelBom,
  CYCLONEDX_JSON_MEDIA_TYPE,
  describedVersionOf,
  LICENSE_ANNOTATION,
  MODEL_CARD_URL_ANNOTATION,
  PIPELINE_TAG_ANNOTATION,
} from './buildModelBom';
export type { CycloneDxBomJson, ModelBomInput } from './buildModelBom';
export { validateCycloneDxBom } from './validateCycloneDxBom';
export type { CycloneDxValidationProblem } from './validateCycloneDxBom';
