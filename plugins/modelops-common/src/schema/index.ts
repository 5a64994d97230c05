// Shared zod schemas for wire and entity fields.
export {
  HTTP_URL_MESSAGE,
  httpUrlSchema,
  isHttpUrl,
  MAX_URL_LENGTH,
} from './url';
