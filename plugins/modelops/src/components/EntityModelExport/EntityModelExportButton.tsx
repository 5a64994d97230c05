import { useState } from 'react';
import { useEntity } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import { EntityModelExportDialog } from './EntityModelExportDialog';

/** Props of {@link EntityModelExportButton}. */
export interface EntityModelExportButtonProps {
  /** Button text (default "Export evidence"). */
  title?: string;
}

/**
 * An "Export evidence" button for a Model page in the legacy frontend system (the new system puts
 * the same dialog in the entity's context menu): opens {@link EntityModelExportDialog}.
 */
export function EntityModelExportButton(props: EntityModelExportButtonProps) {
  const { entity } = useEntity();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="outlined"
        color="primary"
        startIcon={<GetAppIcon />}
        onClick={() => setOpen(true)}
      >
        {props.title ?? 'Export evidence'}
      </Button>
      {open && (
        <EntityModelExportDialog
          entity={entity}
          open={open}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
