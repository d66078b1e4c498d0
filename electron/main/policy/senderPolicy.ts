/**
 * Which IPC senders may call the backend: the main frame of a page from a trusted origin (`app://qundesk`, and in
 * development the electron-vite dev server). Sub-frames and any other origin are refused by the dispatcher.
 */
import type { SenderInfo, SenderPolicy } from '../ipc/dispatcher';
import { createNavigationPolicy, trustableOrigin, type NavigationPolicy } from './navigation';

export function createSenderPolicy(navigation: NavigationPolicy = createNavigationPolicy()): SenderPolicy {
  return (sender: SenderInfo) =>
    sender.isMainFrame === true &&
    typeof sender.origin === 'string' &&
    navigation.trustedOrigins.has(sender.origin);
}

/**
 * What the transport knows about a frame, reduced to SenderInfo. The origin comes from the frame's URL (normalised
 * the same way as the trusted origins); when the frame also reports an origin, the two must agree.
 */
export function senderInfoFromFrame(
  frame: { url?: unknown; origin?: unknown } | null | undefined,
  isMainFrame: boolean,
): SenderInfo {
  if (!frame || typeof frame.url !== 'string') return { origin: '', isMainFrame: false };
  const origin = trustableOrigin(frame.url);
  if (origin === null) return { origin: '', isMainFrame: false };
  if (typeof frame.origin === 'string' && frame.origin !== origin) return { origin: '', isMainFrame: false };
  return { origin, isMainFrame };
}
