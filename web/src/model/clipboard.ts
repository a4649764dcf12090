import type { Clip } from './operations';

// Steps copied with Ctrl/Cmd+C, kept for the page's life (so steps can move between pipelines).
let clip: Clip | null = null;
let pastes = 0;

export function setClip(next: Clip): void {
  clip = next;
  pastes = 0;
}

/** The copied steps and how many times they were pasted before (each paste is offset further). */
export function takeClip(): { clip: Clip; count: number } | null {
  if (!clip) return null;
  pastes += 1;
  return { clip, count: pastes };
}
