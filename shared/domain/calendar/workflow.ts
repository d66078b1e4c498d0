/**
 * Draft workflow: idea → draft → review → approved → sent, with steps back for rework. Approval runs the
 * sensitive-word check: a draft with a high-severity hit is approved only with a written override reason.
 */

export const draftStatuses = ['idea', 'draft', 'review', 'approved', 'sent'] as const;
export type DraftStatus = (typeof draftStatuses)[number];

/** Where each status may go next. Sent is final: it happened. */
export const draftTransitions: Readonly<Record<DraftStatus, readonly DraftStatus[]>> = {
  idea: ['draft'],
  draft: ['review', 'idea'],
  review: ['approved', 'draft'],
  approved: ['sent', 'draft'],
  sent: [],
};

export function canTransition(from: DraftStatus, to: DraftStatus): boolean {
  return draftTransitions[from].includes(to);
}

/** 'critical' is the sensitive-word engine's level above high; it blocks approval like high does. */
export const hitSeverities = ['low', 'medium', 'high', 'critical'] as const;
export type HitSeverity = (typeof hitSeverities)[number];

export function blocksApproval(severity: HitSeverity): boolean {
  return severity === 'high' || severity === 'critical';
}

/** One finding of a text check; the sensitive-word engine's hits map onto this. */
export interface DraftHit {
  severity: HitSeverity;
  /** The matched text, when the checker tells it. */
  term?: string;
  /** Where the match starts in the text (UTF-16 index). */
  index?: number;
  length?: number;
  category?: string;
}

/** Checks a draft's text; the sensitive-word engine is plugged in here. */
export type DraftChecker = (text: string) => DraftHit[];

/** Used until a real checker is connected: finds nothing. */
export const noDraftCheck: DraftChecker = () => [];

export type TransitionVerdict =
  | { ok: true; highHits: number; overridden: boolean }
  | { ok: false; reason: 'illegal' }
  | { ok: false; reason: 'sensitive'; highHits: number; hits: DraftHit[] };

export interface TransitionRequest {
  from: DraftStatus;
  to: DraftStatus;
  /** The text approval checks (title and body). */
  text: string;
  checker: DraftChecker;
  /** Lets a draft with high-severity hits be approved; must say why. */
  overrideReason?: string | null;
}

export function judgeTransition(request: TransitionRequest): TransitionVerdict {
  if (!canTransition(request.from, request.to)) return { ok: false, reason: 'illegal' };
  if (request.to !== 'approved') return { ok: true, highHits: 0, overridden: false };
  const hits = request.checker(request.text).filter((hit) => blocksApproval(hit.severity));
  const highHits = hits.length;
  if (highHits === 0) return { ok: true, highHits, overridden: false };
  if (request.overrideReason && request.overrideReason.trim().length > 0)
    return { ok: true, highHits, overridden: true };
  return { ok: false, reason: 'sensitive', highHits, hits };
}

/**
 * What a blocked approval tells the operator: the words that blocked it and their categories, each once in order of
 * appearance. Error params are flat strings, so both go as lists: words joined with '、', categories as codes joined
 * with ',' (the UI translates them).
 */
export function blockingHitParams(hits: readonly DraftHit[]): { words: string; categories: string } {
  const ordered = [...hits].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const words = [...new Set(ordered.flatMap((hit) => (hit.term ? [hit.term] : [])))];
  const categories = [...new Set(ordered.flatMap((hit) => (hit.category ? [hit.category] : [])))];
  return { words: words.join('、'), categories: categories.join(',') };
}

/** Editing the text of a draft under review or approved sends it back to draft: the approval was for other words. */
export function statusAfterEdit(status: DraftStatus): DraftStatus {
  return status === 'review' || status === 'approved' ? 'draft' : status;
}
