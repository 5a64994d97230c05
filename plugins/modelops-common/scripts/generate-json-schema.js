#!/usr/bin/env node
// Writes schema/Model.v1alpha1.schema.json from the zod schema (the single source of truth).
// Run: yarn workspace @modelops/plugin-modelops-common generate:schema
require('@backstage/cli/config/nodeTransform.cjs');
const fs = require('node:fs');
const path = require('node:path');
const {
  modelEntityJsonSchema,
} = require('../src/model/modelEntityJsonSchema.ts');

const file = path.resolve(__dirname, '../schema/Model.v1alpha1.schema.json');
fs.writeFileSync(file, `${JSON.stringify(modelEntityJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
