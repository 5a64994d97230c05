export {
  MODEL_NAME_FIELD,
  ModelNameField,
  modelNameFormField,
  modelNameProblem,
  modelNameValidation,
} from './ModelNameField';
export type { ModelNameFieldOptions } from './ModelNameField';
