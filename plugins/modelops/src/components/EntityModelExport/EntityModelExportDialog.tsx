import { useState } from 'react';
import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import DescriptionIcon from '@material-ui/icons/Description';
import PrintIcon from '@material-ui/icons/Print';
import { Alert } from '@material-ui/lab';
import { ResponseError } from '@backstage/errors';
import { MODEL_EXPORT_FORMATS, ModelExportFormat } from './exportFormats';
import { ModelExportClient, saveBlob } from './ModelExportClient';

/** The server's message of a refused export (a ResponseError carries it in its body). */
function messageOf(e: unknown): string {
  if (e instanceof ResponseError)
    return `${e.body.error.message} (${e.statusCode})`;
  return e instanceof Error ? e.message : String(e);
}

/** Props of {@link EntityModelExportDialog}. */
export interface EntityModelExportDialogProps {
  entity: Entity;
  open: boolean;
  onClose: () => void;
  /** The formats offered (default {@link MODEL_EXPORT_FORMATS}). */
  formats?: readonly ModelExportFormat[];
}

/**
 * "Export evidence": the Model's evidence pack as Markdown or printable HTML, and its CycloneDX
 * ML-BOM. Each export is fetched with the user's token (the backend checks permissions) and saved
 * as a file, or opened in a new tab for printing.
 */
export function EntityModelExportDialog(props: EntityModelExportDialogProps) {
  const { entity, open, onClose, formats = MODEL_EXPORT_FORMATS } = props;
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();

  const run = async (format: ModelExportFormat) => {
    setBusy(format.id);
    setError(undefined);
    setDone(undefined);
    // Opened now, while the click still counts as a user gesture (popup blockers), and cut from
    // this page (the pack has no script anyway: its CSP forbids them).
    const tab = format.action === 'open' ? window.open('', '_blank') : null;
    if (tab) tab.opener = null;
    try {
      const client = new ModelExportClient({ discoveryApi, fetchApi });
      const { blob, fileName } = await client.fetchExport(entity, format);
      if (tab) {
        const html = new Blob([blob], { type: 'text/html' });
        tab.location.href = URL.createObjectURL(html);
        setDone(`${format.title}: opened in a new tab`);
      } else {
        saveBlob(blob, fileName);
        setDone(`${format.title}: saved as ${fileName}`);
      }
    } catch (e) {
      tab?.close();
      setError(`${format.title}: ${messageOf(e)}`);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={() => !busy && onClose()}
      aria-labelledby="modelops-export-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="modelops-export-title">Export evidence</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Technical documentation of {stringifyEntityRef(entity)}, assembled now
          from the catalog, approvals, audit chain, scorecards and drift
          records.
        </DialogContentText>
        <List aria-label="export formats">
          {formats.map(f => (
            <ListItem
              key={f.id}
              button
              disabled={!!busy}
              onClick={() => run(f)}
              data-testid={`modelops-export-${f.id}`}
            >
              <ListItemIcon>
                {busy === f.id ? (
                  <CircularProgress size={20} />
                ) : (
                  (f.action === 'open' && <PrintIcon />) || <DescriptionIcon />
                )}
              </ListItemIcon>
              <ListItemText primary={f.title} secondary={f.description} />
            </ListItem>
          ))}
        </List>
        {error && <Alert severity="error">{error}</Alert>}
        {done && <Alert severity="success">{done}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={!!busy}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
