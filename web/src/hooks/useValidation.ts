import { useCallback, useEffect, useRef, useState } from 'react';
import { validatePipeline } from '../api/pipelines';
import { ProblemError } from '../api/problem';
import type { PipelineProblem, ValidationResult } from '../api/types';
import type { PipelineDocument } from '../model/document';

export interface ValidationState {
  problems: PipelineProblem[];
  valid: boolean | null;
  /** The YAML the server wrote for the last document it checked (for exporting unsaved edits). */
  yaml: string | null;
  checking: boolean;
  /** The request itself failed (the server is down); problems are then stale. */
  failure: string | null;
  /** The document that `problems` are about. */
  checked: PipelineDocument | null;
  validateNow: () => Promise<ValidationResult | null>;
}

/** Validates the document on the server, debounced after each change and on demand. */
export function useValidation(doc: PipelineDocument, enabled: boolean, delay = 600): ValidationState {
  const [state, setState] = useState<Omit<ValidationState, 'validateNow'>>({
    problems: [],
    valid: null,
    yaml: null,
    checking: false,
    failure: null,
    checked: null,
  });
  const seq = useRef(0);
  const controller = useRef<AbortController | null>(null);
  const docRef = useRef(doc);
  docRef.current = doc;

  const run = useCallback(async (target: PipelineDocument): Promise<ValidationResult | null> => {
    const id = ++seq.current;
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setState((s) => ({ ...s, checking: true }));
    try {
      const result = await validatePipeline({ document: target }, abort.signal);
      if (id === seq.current) {
        setState({
          problems: result.errors ?? [],
          valid: result.valid,
          yaml: result.yaml ?? null,
          checking: false,
          failure: null,
          checked: target,
        });
      }
      return result;
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return null;
      if (id === seq.current) {
        if (error instanceof ProblemError && error.errors.length > 0) {
          setState({ problems: error.errors, valid: false, yaml: null, checking: false, failure: null, checked: target });
        } else {
          setState((s) => ({ ...s, checking: false, failure: error instanceof Error ? error.message : String(error) }));
        }
      }
      return null;
    }
  }, []);

  useEffect(() => {
    if (!enabled) return;
    const timer = setTimeout(() => {
      void run(doc);
    }, delay);
    return () => clearTimeout(timer);
  }, [doc, enabled, delay, run]);

  useEffect(() => () => controller.current?.abort(), []);

  const validateNow = useCallback(() => run(docRef.current), [run]);
  return { ...state, validateNow };
}
