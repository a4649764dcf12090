// Whether an output may feed an input: same type, no step feeding itself, no cycle.
import type { Catalog } from './catalog';
import { parseRef, type PipelineDocument } from './document';
import { inputType, outputType, portOfHandle } from './graph';

export interface ConnectionEnds {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

/** The ends of a React Flow connection (source/target nodes and handle ids), or null. */
export function endsOf(connection: {
  source: string | null;
  target: string | null;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}): ConnectionEnds | null {
  const sourcePort = portOfHandle(connection.sourceHandle, 'out');
  const targetPort = portOfHandle(connection.targetHandle, 'in');
  if (!connection.source || !connection.target || !sourcePort || !targetPort) return null;
  return { source: connection.source, sourcePort, target: connection.target, targetPort };
}

/** Whether `from` can reach `to` by following inputs downstream (from feeds … feeds to). */
function reaches(doc: PipelineDocument, from: string, to: string, ignore?: { step: string; port: string }): boolean {
  // Build downstream adjacency: step -> steps reading from it.
  const downstream = new Map<string, string[]>();
  for (const [step, definition] of Object.entries(doc.steps)) {
    for (const [port, ref] of Object.entries(definition.inputs ?? {})) {
      if (ignore && ignore.step === step && ignore.port === port) continue;
      const source = parseRef(ref)?.step;
      if (!source) continue;
      const list = downstream.get(source) ?? [];
      list.push(step);
      downstream.set(source, list);
    }
  }
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (current === to) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const next of downstream.get(current) ?? []) stack.push(next);
  }
  return false;
}

/**
 * Why the connection is refused, or null when it is allowed. An input takes one edge, so a new
 * edge into a bound input replaces the old one (that is not a reason to refuse).
 */
export function connectionProblem(doc: PipelineDocument, catalog: Catalog, ends: ConnectionEnds): string | null {
  const from = `${ends.source}.${ends.sourcePort}`;
  const to = `${ends.target}.${ends.targetPort}`;
  if (ends.source === ends.target) return `Cannot connect ${from} to ${to}: a step cannot read its own output`;
  const sourceType = outputType(doc, catalog, ends.source, ends.sourcePort);
  const targetType = inputType(doc, catalog, ends.target, ends.targetPort);
  if (sourceType && targetType && sourceType !== targetType) {
    return `Cannot connect ${from} (${sourceType}) to ${to} (${targetType}): types differ`;
  }
  if (reaches(doc, ends.target, ends.source, { step: ends.target, port: ends.targetPort })) {
    return `Cannot connect ${from} to ${to}: it would make a cycle`;
  }
  return null;
}
