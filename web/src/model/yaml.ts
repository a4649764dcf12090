import { parse, stringify } from 'yaml';
import type { PipelineDocument } from './document';
import { normalizeDocument } from './document';

/** Reads a pipeline YAML file in the browser (for importing into the editor). */
export function parsePipelineYaml(text: string, fallbackName: string): PipelineDocument {
  const value: unknown = parse(text);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('Expected a pipeline document: a mapping with apiVersion, kind, name and steps.');
  }
  return normalizeDocument(value, fallbackName);
}

/** Writes a document as YAML, when the server gives none (an invalid document). */
export function pipelineToYaml(doc: PipelineDocument): string {
  return stringify(doc, { lineWidth: 0 });
}
