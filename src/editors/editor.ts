import { InvalidEditorError } from '../domain/errors/index.js';

export const EDITOR_ROLES = ['editor', 'admin'] as const;
export type EditorRole = (typeof EDITOR_ROLES)[number];

export interface Editor {
  name: string;
  role: EditorRole;
  createdAt: string;
}

export function isEditorRole(value: string): value is EditorRole {
  return (EDITOR_ROLES as readonly string[]).includes(value);
}

export const MIN_PASSWORD_LENGTH = 12;

/** Names go into the audit trail as `editor:<name>`, so they stay short and plain; stored lower-cased. */
export function normaliseEditorName(raw: string): string {
  const name = raw.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name)) {
    throw new InvalidEditorError('name', 'use 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit');
  }
  return name;
}

export function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new InvalidEditorError('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > 1024) throw new InvalidEditorError('password', 'must be at most 1024 characters');
}
