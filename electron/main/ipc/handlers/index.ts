import type { Backend } from '../../backend';
import type { Handlers } from '../dispatcher';
import { coreHandlers } from './core';

/** Every channel's handler; a feature adds its file here (the `satisfies` makes a missing channel a type error). */
export function buildHandlers(backend: Backend): Handlers {
  return {
    ...coreHandlers(backend),
  } satisfies Handlers;
}
