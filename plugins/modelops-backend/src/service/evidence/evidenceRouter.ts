import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  EVIDENCE_HTML_CSP,
  evidenceFileName,
  evidenceFormatSchema,
  modelopsApprovalReadPermission,
  modelopsDriftReadPermission,
  modelopsScorecardReadPermission,
  renderEvidenceHtml,
  renderEvidenceMarkdown,
} from '@modelops/plugin-modelops-common';
import { z } from 'zod';
import type { ModelopsApiRouter } from '../../schema/openapi/types';
import type { AnyRequest, Authorize } from '../authorize';
import { EvidenceService } from './EvidenceService';

const chainHeader = (intact: boolean | null) => {
  if (intact === null) return 'not-verified';
  return intact ? 'intact' : 'broken';
};

/** Query of `GET /models/:namespace/:name/evidence`. */
export const evidenceQuerySchema = z.strictObject({
  format: evidenceFormatSchema,
});

/**
 * `GET /api/modelops/models/:namespace/:name/evidence?format=markdown|html`: the model's evidence
 * pack (docs/evidence.md). Needs `modelops.approval.read` (the pack's core is the approval record
 * and the audit chain) and read access to the Model in the catalog (read with the caller's
 * credentials); scorecard and drift sections need their own read permissions and say so when
 * the caller lacks them.
 */
export function addEvidenceRoutes(
  router: ModelopsApiRouter,
  options: { service: EvidenceService; authorize: Authorize },
): void {
  const { service, authorize } = options;
  /** Whether the caller holds a permission (a 403 from authorize means no). */
  const holds = async (
    req: AnyRequest,
    permission: Parameters<Authorize>[1],
  ) => {
    try {
      await authorize(req, permission);
      return true;
    } catch (e) {
      if (e instanceof NotAllowedError) return false;
      throw e;
    }
  };

  router.get('/models/:namespace/:name/evidence', async (req, res) => {
    const caller = await authorize(req, modelopsApprovalReadPermission);
    const { format } = evidenceQuerySchema.parse(req.query);
    const { namespace, name } = req.params;
    const [scorecards, drift] = await Promise.all([
      holds(req, modelopsScorecardReadPermission),
      holds(req, modelopsDriftReadPermission),
    ]);
    const pack = await service.build({
      modelRef: stringifyEntityRef({ kind: 'model', namespace, name }),
      credentials: caller.credentials,
      generatedBy: caller.actor,
      access: { scorecards, drift },
    });
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.attachment(evidenceFileName(namespace, name, format));
    // For scripts (the CLI's exit code): the verification result without parsing the document.
    res.setHeader('Modelops-Audit-Chain', chainHeader(pack.auditChainIntact));
    if (format === 'html') {
      res.setHeader('Content-Security-Policy', EVIDENCE_HTML_CSP);
      res.type('text/html; charset=utf-8').send(renderEvidenceHtml(pack));
    } else {
      res
        .type('text/markdown; charset=utf-8')
        .send(renderEvidenceMarkdown(pack));
    }
  });
}
