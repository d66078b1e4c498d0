/**
 * The preload: exposes `window.api` (built from the contract's channel list) and nothing else. The page never sees
 * ipcRenderer, IPC event objects or any Node API; push events reach it only by name and only for known events.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { buildApi, type Invoke, type Subscribe } from '../../shared/ipc/api';
import { pushEventNames } from '../../shared/ipc/contract';
import { eventChannel, invokeChannel } from '../main/policy/ipcNames';

const knownEvents: ReadonlySet<string> = new Set(pushEventNames);

const invoke: Invoke = (channel, input) => ipcRenderer.invoke(invokeChannel, channel, input);

const subscribe: Subscribe = (event, listener) => {
  if (!knownEvents.has(event)) throw new TypeError(`Unknown event: ${String(event).slice(0, 80)}`);
  if (typeof listener !== 'function') throw new TypeError('The listener must be a function');
  const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
    if (name === event) listener(payload);
  };
  ipcRenderer.on(eventChannel, forward);
  return () => {
    ipcRenderer.removeListener(eventChannel, forward);
  };
};

/** A dropped File's local path: pages no longer see paths (File.path is gone), the preload may ask webUtils. */
const pathForFile = (file: File): string => webUtils.getPathForFile(file);

contextBridge.exposeInMainWorld('api', { ...buildApi(invoke, subscribe), pathForFile });
