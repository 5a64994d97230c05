/*
 * The drift settings of a model from its catalog-info.yaml (`--entity`).
 */
import {
  DriftSettings,
  entityRefOf,
  isModelEntity,
  modelDriftSettings,
} from '@modelops/plugin-modelops-common';
import fs from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';

/**
 * Reads the Model entity of a catalog-info.yaml (the one named by `model` when the file holds
 * several) and its validated drift settings.
 */
export async function readModelSettings(
  file: string,
  model?: string,
): Promise<{ ref: string; settings: DriftSettings }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e: any) {
    throw new Error(
      `${file}: cannot read file (${e.code ?? e.message}); check the path`,
    );
  }
  const models = parseAllDocuments(text)
    .map(doc => (doc.errors.length ? undefined : doc.toJS()))
    .filter(v => v && typeof v === 'object' && isModelEntity(v));
  const wanted = model?.toLocaleLowerCase('en-US');
  const matching = wanted
    ? models.filter(m => entityRefOf(m) === wanted)
    : models;
  if (matching.length !== 1) {
    const found = models.map(m => entityRefOf(m)).join(', ') || 'none';
    throw new Error(
      matching.length === 0
        ? `${file}: no Model entity${
            wanted ? ` ${wanted}` : ''
          } (found: ${found})`
        : `${file} has several Model entities (${found}); choose one with --model`,
    );
  }
  return {
    ref: entityRefOf(matching[0]),
    settings: modelDriftSettings(matching[0]),
  };
}
