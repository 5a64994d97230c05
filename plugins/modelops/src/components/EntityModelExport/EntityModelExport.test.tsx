import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContextMenuItemBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { modelopsExportContextMenuItem } from '../../alpha';
import { creditDefaultScorer } from '../../__fixtures__/models';
import { EntityModelExportButton } from './EntityModelExportButton';
import { EntityModelExportDialog } from './EntityModelExportDialog';
import { MODEL_EXPORT_FORMATS } from './exportFormats';
import { fileNameOf } from './ModelExportClient';

const discoveryApi = {
  getBaseUrl: async () => 'http://backend/api/modelops',
};

function fetchReturning(response: () => Response) {
  return { fetch: jest.fn(async (_input: RequestInfo | URL) => response()) };
}

const ok = (body: string, type: string, disposition?: string) => () =>
  new Response(body, {
    status: 200,
    headers: {
      'content-type': type,
      ...(disposition ? { 'content-disposition': disposition } : {}),
    },
  });

async function renderDialog(fetchApi: { fetch: jest.Mock }) {
  const onClose = jest.fn();
  return {
    onClose,
    ...(await renderInTestApp(
      <TestApiProvider
        apis={[
          [discoveryApiRef, discoveryApi],
          [fetchApiRef, fetchApi],
        ]}
      >
        <EntityModelExportDialog
          entity={creditDefaultScorer}
          open
          onClose={onClose}
        />
      </TestApiProvider>,
    )),
  };
}

describe('EntityModelExportDialog', () => {
  const createObjectURL = jest.fn(() => 'blob:http://app/1');
  beforeEach(() => {
    (URL as any).createObjectURL = createObjectURL;
    (URL as any).revokeObjectURL = jest.fn();
    createObjectURL.mockClear();
  });

  it('lists Markdown, printable HTML and the CycloneDX ML-BOM', async () => {
    await renderDialog(fetchReturning(ok('', 'text/markdown')));
    expect(screen.getByText('Export evidence')).toBeInTheDocument();
    expect(screen.getByText('Evidence pack: Markdown')).toBeInTheDocument();
    expect(
      screen.getByText('Evidence pack: Printable HTML'),
    ).toBeInTheDocument();
    expect(screen.getByText('CycloneDX ML-BOM (JSON)')).toBeInTheDocument();
    expect(MODEL_EXPORT_FORMATS.map(f => f.path('default', 'm'))).toEqual([
      '/models/default/m/evidence?format=markdown',
      '/models/default/m/evidence?format=html',
      '/models/default/m/bom',
    ]);
  });

  it('downloads the Markdown pack with the user token (fetchApi) under the server file name', async () => {
    const fetchApi = fetchReturning(
      ok(
        '# Evidence pack',
        'text/markdown',
        'attachment; filename="evidence-default-credit-default-scorer.md"',
      ),
    );
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    await renderDialog(fetchApi);
    fireEvent.click(screen.getByText('Evidence pack: Markdown'));
    expect(
      await screen.findByText(
        'Evidence pack: Markdown: saved as evidence-default-credit-default-scorer.md',
      ),
    ).toBeInTheDocument();
    expect(fetchApi.fetch).toHaveBeenCalledWith(
      'http://backend/api/modelops/models/default/credit-default-scorer/evidence?format=markdown',
    );
    expect(click).toHaveBeenCalledTimes(1);
    click.mockRestore();
  });

  it('opens the printable HTML in a new tab opened on the click (not blocked as a popup), cut from the opener', async () => {
    const tab = { opener: {}, location: { href: '' }, close: jest.fn() };
    const open = jest.spyOn(window, 'open').mockReturnValue(tab as any);
    await renderDialog(fetchReturning(ok('<!DOCTYPE html>', 'text/html')));
    fireEvent.click(screen.getByText('Evidence pack: Printable HTML'));
    expect(open).toHaveBeenCalledWith('', '_blank');
    expect(tab.opener).toBeNull();
    await waitFor(() => expect(tab.location.href).toBe('blob:http://app/1'));
    const blob = (createObjectURL.mock.calls[0] as any[])[0] as Blob;
    expect(blob.type).toBe('text/html');
    expect(
      screen.getByText('Evidence pack: Printable HTML: opened in a new tab'),
    ).toBeInTheDocument();
    open.mockRestore();
  });

  it("shows the server's message when the export is refused, and closes the empty tab", async () => {
    const tab = { opener: {}, location: { href: '' }, close: jest.fn() };
    const open = jest.spyOn(window, 'open').mockReturnValue(tab as any);
    const refused = () =>
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: 'missing permission modelops.approval.read',
          },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'content-type': 'application/json' } },
      );
    await renderDialog(fetchReturning(refused));
    fireEvent.click(screen.getByText('Evidence pack: Printable HTML'));
    expect(
      await screen.findByText(/missing permission modelops.approval.read/),
    ).toBeInTheDocument();
    expect(tab.close).toHaveBeenCalled();
    open.mockRestore();
  });

  it('reads only a plain file name from Content-Disposition', () => {
    expect(fileNameOf('attachment; filename="a.md"')).toBe('a.md');
    expect(fileNameOf('attachment; filename="../x/a.md"')).toBeUndefined();
    expect(fileNameOf(null)).toBeUndefined();
  });
});

describe('Export evidence on the Model page', () => {
  it('is a legacy button that opens the dialog', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [discoveryApiRef, discoveryApi],
          [fetchApiRef, fetchReturning(ok('', 'text/markdown'))],
        ]}
      >
        <EntityProvider entity={creditDefaultScorer}>
          <EntityModelExportButton />
        </EntityProvider>
      </TestApiProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Export evidence' }));
    expect(
      await screen.findByText('Evidence pack: Printable HTML'),
    ).toBeInTheDocument();
  });

  it('is an entity context menu item for Models only (new frontend system)', () => {
    const tester = createExtensionTester(modelopsExportContextMenuItem);
    const filter = tester.get(
      EntityContextMenuItemBlueprint.dataRefs.filterFunction as any,
    ) as ((e: any) => boolean) | undefined;
    expect(filter?.(creditDefaultScorer)).toBe(true);
    expect(
      filter?.({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'svc' },
      }),
    ).toBe(false);
    expect(
      tester.get(EntityContextMenuItemBlueprint.dataRefs.data).icon,
    ).toBeDefined();
  });
});
