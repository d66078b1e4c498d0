/** The two Electron IPC channel names; the preload and shell/ipcTransport.ts must agree on them. */
export const invokeChannel = 'qundesk:invoke';
export const eventChannel = 'qundesk:event';
