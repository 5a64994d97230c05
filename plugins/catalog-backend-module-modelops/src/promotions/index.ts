export { ModelPromotionsProcessor } from './ModelPromotionsProcessor';
export { ModelopsPromotionsClient } from './PromotionsClient';
export type { PromotionsSource } from './PromotionsClient';
