import type { EditRecord } from '../http/edit-log.js';
import type { Transition } from '../posts/post.js';
import type { NewsroomTime } from './newsroom-time.js';
import { STATE_LABELS } from './post-words.js';

export interface HistoryLine {
  at: string;
  by: string;
  what: string;
  reason?: string;
  /** For an edit: each part's text before and after, where it changed. */
  changes?: { number: number; before: string; after: string }[];
}

function describe(t: Transition): string {
  if (t.from === null) return `Created: ${STATE_LABELS[t.to]}`;
  if (t.reason === 'edited parts') return 'Edited the text';
  if (t.from === t.to) return STATE_LABELS[t.to];
  return `${STATE_LABELS[t.from]} → ${STATE_LABELS[t.to]}`;
}

/** An edit's texts belong to the history entry with the same author written within a few seconds. */
function matchEdit(t: Transition, edits: EditRecord[], used: Set<EditRecord>): EditRecord | undefined {
  const at = Date.parse(t.at);
  const found = edits.find((e) => !used.has(e) && e.by === t.by && Math.abs(Date.parse(e.at) - at) < 5000);
  if (found) used.add(found);
  return found;
}

/** Newest first: who, when, what, and for edits the text before and after. */
export function historyLines(transitions: readonly Transition[], edits: EditRecord[], time: NewsroomTime): HistoryLine[] {
  const used = new Set<EditRecord>();
  return transitions
    .map((t): HistoryLine => {
      const line: HistoryLine = { at: time.format(t.at), by: t.by, what: describe(t) };
      if (t.reason && t.reason !== 'edited parts') line.reason = t.reason;
      if (t.reason === 'edited parts') {
        const edit = matchEdit(t, edits, used);
        if (edit) {
          const count = Math.max(edit.before.length, edit.after.length);
          line.changes = Array.from({ length: count }, (_, i) => ({ number: i + 1, before: edit.before[i] ?? '', after: edit.after[i] ?? '' })).filter(
            (c) => c.before !== c.after,
          );
        }
      }
      return line;
    })
    .reverse();
}
