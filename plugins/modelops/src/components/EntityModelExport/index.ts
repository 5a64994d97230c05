export { EntityModelExportButton } from './EntityModelExportButton';
export type { EntityModelExportButtonProps } from './EntityModelExportButton';
export { EntityModelExportDialog } from './EntityModelExportDialog';
export type { EntityModelExportDialogProps } from './EntityModelExportDialog';
export { MODEL_EXPORT_FORMATS } from './exportFormats';
export type { ModelExportFormat } from './exportFormats';
