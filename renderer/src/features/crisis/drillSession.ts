/**
 * Which running drills this window has already accounted for. A drill started here, or one seen and resumed
 * since the window opened, is never resumed again: navigating away and back must not record a pause. A running
 * drill found after the app (re)started was interrupted, and `drills.resume` records that honestly.
 */
const accountedDrills = new Set<number>();

export function markDrillOfThisSession(id: number): void {
  accountedDrills.add(id);
}

/** True the first time a drill is seen in this session (and marks it). */
export function claimDrillForThisSession(id: number): boolean {
  if (accountedDrills.has(id)) return false;
  accountedDrills.add(id);
  return true;
}
