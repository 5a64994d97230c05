const fs = require('node:fs');
const path = require('node:path');

/*
 * Actions for AI agents over MCP (issue 15 part 3), with the MCP SDK's own client: the example
 * backend's /api/mcp-actions/v1 (streamable HTTP) with a user's Backstage token from the
 * development sign-in. Lists the tools (the five modelops ones, with their input schemas and
 * read-only hints), calls describe-model on an example model, requests a promotion as priya.raman
 * and shows that she does not see it in her own pending approvals (segregation of duties) while an
 * approver does, and shows refusals as MCP error results (not crashes): a duplicate request, a
 * version already in production, a bad field, an unknown model, a service token (it may read
 * but not request or list approvals: no user) and no token at all.
 *
 * Writes the exchange to e2e-artifacts/mcp-transcript.md (docs/ai-agents.md shows one).
 *
 * Runs inside the browser test (node e2e/run.js; E2E_ONLY=mcp), or alone against a running example
 * backend: node e2e/scenarios/80-mcp-actions.js http://localhost:7007
 */

// Read: a model with seeded drift history. Requested: another model, so the approval scenarios
// (50, 55, 60 on credit-default-scorer and customer-churn-global) keep their own requests.
const MODEL = 'model:default/customer-churn-global';
const PROMOTE = 'model:default/next-best-offer-ranker';
const TOOLS = [
  'modelops.find-models',
  'modelops.describe-model',
  'modelops.explain-level',
  'modelops.list-my-pending-approvals',
  'modelops.request-promotion',
];

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** A Backstage user token through the development sign-in (a listed example user). */
async function devToken(base, user) {
  const res = await fetch(`${base}/api/auth/modelops-dev/refresh`, {
    headers: {
      'x-modelops-dev-user': user,
      'X-Requested-With': 'XMLHttpRequest',
    },
  });
  if (!res.ok) throw new Error(`dev sign-in of ${user} answered ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

async function connect(base, token) {
  const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
  const {
    StreamableHTTPClientTransport,
  } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const client = new Client({ name: 'modelops-e2e', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(
    new URL(`${base}/api/mcp-actions/v1`),
    token
      ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } }
      : {},
  );
  await client.connect(transport);
  return client;
}

/** The transcript: each call and its answer, as Markdown. */
function transcript() {
  const parts = [];
  const json = v => `\`\`\`json\n${JSON.stringify(v, null, 2)}\n\`\`\``;
  return {
    note: text => parts.push(text),
    call: (who, name, args, result) =>
      parts.push(
        `**${who} → \`tools/call\` ${name}**\n\n${json(args)}\n\n${
          result.isError ? '**error result**' : 'result'
        }:\n\n${
          result.isError
            ? json(result.content)
            : json(result.structuredContent ?? result.content)
        }`,
      ),
    text: () => `${parts.join('\n\n')}\n`,
  };
}

/** Shortens long arrays in the transcript (the test asserts on the full answer). */
function trimmed(value, max = 3) {
  if (Array.isArray(value)) {
    const head = value.slice(0, max).map(v => trimmed(v, max));
    return value.length > max
      ? [...head, `… ${value.length - max} more`]
      : head;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, trimmed(v, max)]),
    );
  }
  return value;
}

async function run({ base, outDir, mcpServiceToken, log = () => {} }) {
  const t = transcript();
  const priyaToken = await devToken(base, 'priya.raman');
  const priya = await connect(base, priyaToken);
  const clients = [priya];
  try {
    // 1. tools/list
    const { tools } = await priya.listTools();
    const ours = tools.filter(tool => tool.name.startsWith('modelops.'));
    assert(
      JSON.stringify(ours.map(tool => tool.name).sort()) ===
        JSON.stringify([...TOOLS].sort()),
      `tools/list: expected ${TOOLS.join(', ')}, got ${ours
        .map(tool => tool.name)
        .join(', ')}`,
    );
    for (const tool of ours) {
      assert(
        tool.inputSchema?.type === 'object' && tool.inputSchema.properties,
        `${tool.name}: no input schema`,
      );
      const readOnly = tool.name !== 'modelops.request-promotion';
      assert(
        tool.annotations?.readOnlyHint === readOnly,
        `${tool.name}: readOnlyHint should be ${readOnly}`,
      );
    }
    const request = ours.find(
      tool => tool.name === 'modelops.request-promotion',
    );
    assert(
      JSON.stringify(request.inputSchema.required) ===
        JSON.stringify(['modelRef', 'modelVersion', 'justification']),
      `request-promotion: required fields ${JSON.stringify(
        request.inputSchema.required,
      )}`,
    );
    t.note(
      `**priya.raman → \`tools/list\`** (${
        tools.length
      } tools)\n\n| tool | read-only | input fields |\n| --- | --- | --- |\n${ours
        .map(
          tool =>
            `| \`${tool.name}\` | ${
              tool.annotations.readOnlyHint ? 'yes' : 'no'
            } | ${Object.keys(tool.inputSchema.properties)
              .map(k =>
                (tool.inputSchema.required ?? []).includes(k) ? `**${k}**` : k,
              )
              .join(', ')} |`,
        )
        .join('\n')}`,
    );
    log(`MCP tools/list: ${ours.length} modelops tools`);

    // 2. find-models and describe-model
    const found = await priya.callTool({
      name: 'modelops.find-models',
      arguments: { riskTier: 'medium', stage: 'production' },
    });
    assert(!found.isError, `find-models: ${JSON.stringify(found.content)}`);
    assert(
      found.structuredContent.items.some(m => m.ref === MODEL),
      `find-models: ${MODEL} is missing`,
    );
    t.call(
      'priya.raman',
      'modelops.find-models',
      { riskTier: 'medium', stage: 'production' },
      {
        structuredContent: trimmed(found.structuredContent),
      },
    );

    const described = await priya.callTool({
      name: 'modelops.describe-model',
      arguments: { modelRef: MODEL },
    });
    assert(
      !described.isError,
      `describe-model: ${JSON.stringify(described.content)}`,
    );
    const d = described.structuredContent;
    assert(d.ref === MODEL, `describe-model: ref ${d.ref}`);
    assert(
      d.card.riskTier === 'medium',
      `describe-model: riskTier ${d.card.riskTier}`,
    );
    assert(
      d.card.owner === 'group:default/personalization-ds',
      `describe-model: owner ${d.card.owner}`,
    );
    assert(
      d.production && d.production.version === '1.1.0',
      `describe-model: production ${JSON.stringify(d.production)}`,
    );
    assert(
      Array.isArray(d.scorecards) && d.scorecards.length === 2,
      'describe-model: two scorecards',
    );
    assert(
      d.drift && d.drift.latestRuns.length > 0,
      'describe-model: drift runs',
    );
    assert(d.lineage.trainedOn.length > 0, 'describe-model: lineage');
    assert(
      JSON.parse(described.content[0].text).ref === MODEL,
      'describe-model: text content is the same JSON',
    );
    t.call(
      'priya.raman',
      'modelops.describe-model',
      { modelRef: MODEL },
      {
        structuredContent: trimmed(d),
      },
    );
    log('MCP describe-model answered');

    const explained = await priya.callTool({
      name: 'modelops.explain-level',
      arguments: { modelRef: MODEL, scorecard: 'production-readiness' },
    });
    assert(
      !explained.isError,
      `explain-level: ${JSON.stringify(explained.content)}`,
    );
    t.call(
      'priya.raman',
      'modelops.explain-level',
      { modelRef: MODEL, scorecard: 'production-readiness' },
      { structuredContent: trimmed(explained.structuredContent) },
    );

    // 3. request-promotion as priya (the UI's rules), then the inboxes
    const args = {
      modelRef: PROMOTE,
      modelVersion: '2.2.0',
      justification:
        'Recall +3 points on the Q3 holdout; requested by an agent for the MCP e2e test.',
    };
    const requested = await priya.callTool({
      name: 'modelops.request-promotion',
      arguments: args,
    });
    assert(
      !requested.isError,
      `request-promotion: ${JSON.stringify(requested.content)}`,
    );
    const created = requested.structuredContent.request;
    assert(
      created.requester === 'user:default/priya.raman' &&
        created.state === 'pending',
      `request-promotion: ${JSON.stringify(created)}`,
    );
    t.call('priya.raman', 'modelops.request-promotion', args, requested);
    log(`MCP request-promotion created ${created.id}`);

    const mine = await priya.callTool({
      name: 'modelops.list-my-pending-approvals',
      arguments: {},
    });
    assert(
      !mine.isError &&
        !mine.structuredContent.items.some(r => r.id === created.id),
      'the requester must not see her own request to approve',
    );
    t.call('priya.raman', 'modelops.list-my-pending-approvals', {}, mine);

    // An approver of the medium-risk policy (model risk management) sees it.
    const fatima = await connect(base, await devToken(base, 'fatima.haddad'));
    clients.push(fatima);
    const inbox = await fatima.callTool({
      name: 'modelops.list-my-pending-approvals',
      arguments: { limit: 5 },
    });
    assert(
      !inbox.isError &&
        inbox.structuredContent.items.some(r => r.id === created.id),
      `fatima.haddad should see ${created.id}: ${JSON.stringify(
        inbox.content,
      )}`,
    );
    t.call(
      'fatima.haddad',
      'modelops.list-my-pending-approvals',
      { limit: 5 },
      {
        structuredContent: trimmed(inbox.structuredContent, 2),
      },
    );

    // 4. refusals: error results naming the reason, not protocol errors
    const refusals = [
      [args, /ConflictError: .*pending/i],
      [
        { ...args, modelVersion: '2.1.0' },
        /InputError: toStage: version 2\.1\.0 .* already in production/,
      ],
      [
        { ...args, justification: 'pls' },
        /InputError: .*justification: must be at least 10 characters/,
      ],
      [
        { ...args, modelRef: 'model:default/no-such-model' },
        /NotFoundError: model:default\/no-such-model/,
      ],
    ];
    for (const [input, expected] of refusals) {
      const refused = await priya.callTool({
        name: 'modelops.request-promotion',
        arguments: input,
      });
      const text = refused.content?.[0]?.text ?? '';
      assert(
        refused.isError === true && expected.test(text),
        `request-promotion ${JSON.stringify(
          input,
        )}: expected an error result matching ${expected}, got ${JSON.stringify(
          refused,
        )}`,
      );
      t.call('priya.raman', 'modelops.request-promotion', input, refused);
    }
    log('MCP refusals are error results');

    // 5. a service token (an agent without a user): it may read, but not act for anyone
    if (mcpServiceToken) {
      const agent = await connect(base, mcpServiceToken);
      clients.push(agent);
      const read = await agent.callTool({
        name: 'modelops.describe-model',
        arguments: { modelRef: MODEL },
      });
      assert(
        !read.isError && read.structuredContent.ref === MODEL,
        `service token describe-model: ${JSON.stringify(read.content)}`,
      );
      for (const [name, input] of [
        ['modelops.request-promotion', args],
        ['modelops.list-my-pending-approvals', {}],
      ]) {
        const refused = await agent.callTool({ name, arguments: input });
        assert(
          refused.isError === true &&
            /^NotAllowedError: .*must be done by a signed-in user/.test(
              refused.content?.[0]?.text ?? '',
            ),
          `service token ${name}: ${JSON.stringify(refused)}`,
        );
        t.call('service token (modelops-e2e-agent)', name, input, refused);
      }
    }

    // 6. no token: the MCP endpoint refuses the connection (401)
    let unauthenticated;
    try {
      const anonymous = await connect(base, undefined);
      clients.push(anonymous);
      await anonymous.listTools();
      unauthenticated = 'connected';
    } catch (e) {
      // StreamableHTTPError: code is the HTTP status, the message ends with the response body.
      const body = /\{[\s\S]*\}$/.exec(String(e.message))?.[0];
      let reason = '';
      try {
        reason = JSON.parse(body).error.message;
      } catch {
        reason = String(e.message).split('\n')[0];
      }
      unauthenticated = `HTTP ${e.code ?? '?'}: ${reason}`;
    }
    assert(
      /401|unauthori[sz]ed|authenticat/i.test(unauthenticated),
      `without a token: ${unauthenticated}`,
    );
    t.note(
      `**no token → \`initialize\`**: refused by the backend, \`${unauthenticated.slice(
        0,
        200,
      )}\``,
    );

    // The hash-chained audit trail names the user and the path (the MCP server acting for her).
    const audit = await (
      await fetch(
        `${base}/api/modelops/approvals/audit?requestId=${created.id}`,
        { headers: { Authorization: `Bearer ${priyaToken}` } },
      )
    ).json();
    const createdEvent = (audit.items ?? []).find(
      e => e.type === 'request.created',
    );
    assert(
      createdEvent?.actor === 'user:default/priya.raman' &&
        createdEvent?.client === 'plugin:mcp-actions',
      `audit event of the request: ${JSON.stringify(createdEvent)}`,
    );
    t.note(
      `**audit trail** (\`GET /api/modelops/approvals/audit?requestId=…\`): \`${createdEvent.type}\` by \`${createdEvent.actor}\`, client \`${createdEvent.client}\``,
    );

    // Leave no pending request behind (the requester may cancel her own, through the HTTP API).
    const cancelled = await fetch(
      `${base}/api/modelops/approvals/requests/${created.id}/cancel`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${priyaToken}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ comment: 'MCP e2e test: done' }),
      },
    );
    assert(cancelled.ok, `cancel ${created.id}: ${cancelled.status}`);

    if (outDir) {
      fs.mkdirSync(outDir, { recursive: true });
      fs.writeFileSync(path.join(outDir, 'mcp-transcript.md'), t.text());
    }
  } finally {
    await Promise.all(clients.map(c => c.close().catch(() => {})));
  }
}

module.exports = {
  id: 'mcp-actions',
  name: 'MCP client: tools/list, describe-model, request-promotion as the user, refusals as error results',
  run,
};

if (require.main === module) {
  const base = process.argv[2] || 'http://localhost:7007';
  // Optional: a static token of the backend's externalAccess allowed for mcp-actions, modelops
  // and catalog, to check the refusals of a service.
  const mcpServiceToken = process.env.MCP_SERVICE_TOKEN;
  const outDir = path.join(__dirname, '..', '..', 'e2e-artifacts');
  run({
    base,
    outDir,
    mcpServiceToken,
    log: m => process.stdout.write(`[mcp] ${m}\n`),
  }).then(
    () =>
      process.stdout.write(
        `[mcp] passed; transcript in ${outDir}/mcp-transcript.md\n`,
      ),
    e => {
      process.stderr.write(`[mcp] ${e.stack || e.message}\n`);
      process.exit(1);
    },
  );
}
