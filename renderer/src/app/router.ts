/**
 * A tiny hash router: `#/groups/new` → path `/groups/new`. Hash routes work the same under app:// (Electron),
 * in browser mode and from a file, with no server-side routing.
 */
import { useSyncExternalStore } from 'react';

function currentPath(): string {
  const hash = window.location.hash.replace(/^#/, '');
  return hash.startsWith('/') ? hash : '/';
}

function subscribeToHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The current route path, e.g. `/members`. */
export function usePath(): string {
  return useSyncExternalStore(subscribeToHash, currentPath);
}

export function navigate(path: string): void {
  if (currentPath() !== path) window.location.hash = path;
}

/** Splits a path into its segments: `/groups/new` → ['groups', 'new']. */
export function pathSegments(path: string): string[] {
  return path.split('/').filter(Boolean);
}
