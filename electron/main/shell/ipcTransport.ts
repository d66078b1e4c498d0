/**
 * The Electron transport of the IPC contract: one invoke channel into the dispatcher, and push events out to
 * windows that show a trusted page. The dispatcher checks the sender; this file only reports who it is.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Dispatch, SenderInfo } from '../ipc/dispatcher';
import { eventChannel, invokeChannel } from '../policy/ipcNames';
import type { NavigationPolicy } from '../policy/navigation';
import { senderInfoFromFrame } from '../policy/senderPolicy';
import type { EventHub } from '../services/events';

/** Who sent an invoke: the frame's origin and whether it is the main frame of its webContents. */
export function senderInfoFrom(event: IpcMainInvokeEvent): SenderInfo {
  try {
    const frame = event.senderFrame;
    if (frame === null || frame.isDestroyed() || frame.detached) return senderInfoFromFrame(null, false);
    return senderInfoFromFrame({ url: frame.url, origin: frame.origin }, frame === event.sender.mainFrame);
  } catch {
    // The frame went away mid-call (navigation, crash): nobody to trust.
    return senderInfoFromFrame(null, false);
  }
}

export interface IpcTransportOptions {
  dispatch: Dispatch;
  /** `backend.pushEvents`: what the renderer may see (job progress waits while the app is locked). */
  events: Pick<EventHub, 'subscribe'>;
  navigation: NavigationPolicy;
}

/** Registers the transport; returns a function that removes it (at shutdown). */
export function registerIpcTransport({ dispatch, events, navigation }: IpcTransportOptions): () => void {
  ipcMain.handle(invokeChannel, (event, channel: unknown, input: unknown) =>
    dispatch(channel, input, senderInfoFrom(event)),
  );
  const unsubscribe = events.subscribe((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      const contents = window.webContents;
      if (contents.isDestroyed() || !navigation.isTrustedUrl(contents.getURL())) continue;
      contents.send(eventChannel, name, payload);
    }
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(invokeChannel);
  };
}
