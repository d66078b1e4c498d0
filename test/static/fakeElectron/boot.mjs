// Boots the built main process against the fake 'electron' and prints what it did as one JSON line.
// Usage: node boot.mjs <path to out/main/index.js>
import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

// Only 'electron' is replaced (also inside electron-store, which stays real).
const fakes = { electron: new URL('./electron.mjs', import.meta.url).href };
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (Object.hasOwn(fakes, specifier)) return { url: fakes[specifier], shortCircuit: true };
    return nextResolve(specifier, context);
  },
});

const { fake } = await import(fakes.electron);
await import(pathToFileURL(process.argv[2]).href);
const bootCalls = fake.calls.map((call) => call.name);
fake.emitReady();
await new Promise((resolve) => setTimeout(resolve, 50));

const report = { bootCalls, calls: fake.calls.map((call) => call.name) };
const window = fake.windows[0];
report.windowOptions = window?.options;
report.loadedUrl = fake.calls.find((call) => call.name === 'window.loadURL')?.args[0];
report.privileges = fake.calls.find((call) => call.name === 'protocol.registerSchemesAsPrivileged')?.args[0];
report.userData = fake.calls.find((call) => call.name === 'app.setPath')?.args;

// The app:// protocol.
const serve = fake.protocolHandlers.get('app');
const fetchApp = async (url, method = 'GET') => {
  const response = await serve(new Request(url, { method }));
  return {
    status: response.status,
    csp: response.headers.get('content-security-policy'),
    type: response.headers.get('content-type'),
  };
};
report.protocol = {
  index: await fetchApp('app://qundesk/index.html'),
  route: await fetchApp('app://qundesk/groups/3'),
  traversal: await fetchApp('app://qundesk/..%2f..%2fpackage.json'),
  post: await fetchApp('app://qundesk/index.html', 'POST'),
};

// IPC: trusted main frame, sub-frame, foreign origin, destroyed frame.
const invoke = fake.ipcHandlers.get('qundesk:invoke');
const contents = window.webContents;
const frame = (url, origin) => ({ url, origin, isDestroyed: () => false });
const call = (senderFrame, channel, input = {}) => invoke({ senderFrame, sender: contents }, channel, input);
report.ipc = {
  trusted: await call(contents.mainFrame, 'workspace.info'),
  subFrame: await call(frame('app://qundesk/index.html', 'app://qundesk'), 'workspace.info'),
  foreign: await call(frame('https://evil.example.com/', 'https://evil.example.com'), 'workspace.info'),
  noFrame: await call(null, 'workspace.info'),
  invalid: await call(contents.mainFrame, 'groups.create', { name: 42 }),
  created: await call(contents.mainFrame, 'groups.create', { name: '测试群', type: 'service' }),
};
// The main frame object after its document went away (navigation or crash) must not be trusted either.
contents.mainFrame.detached = true;
report.ipc.detached = await call(contents.mainFrame, 'workspace.info');
contents.mainFrame.detached = false;
report.settings = {
  updated: await call(contents.mainFrame, 'settings.update', { locale: 'en' }),
  readBack: await call(contents.mainFrame, 'settings.get'),
};
report.pushed = contents.sent.map(([channel, name]) => [channel, name]);

// Navigation, new windows, webviews, permissions.
const navigationEvent = (url) => {
  const event = {
    url,
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
  contents.emit('will-navigate', event, url);
  return event.prevented;
};
report.navigation = {
  external: navigationEvent('https://example.com/'),
  file: navigationEvent('file:///etc/passwd'),
  internal: navigationEvent('app://qundesk/index.html#/groups'),
};
report.windowOpen = {
  safe: contents.windowOpenHandler({ url: 'https://example.com/help' }),
  unsafe: contents.windowOpenHandler({ url: 'javascript:alert(1)' }),
};
await new Promise((resolve) => setTimeout(resolve, 10));
report.openedExternally = fake.calls
  .filter((call) => call.name === 'shell.openExternal')
  .map((call) => call.args[0]);
const webview = {
  prevented: false,
  preventDefault() {
    this.prevented = true;
  },
};
contents.emit('will-attach-webview', webview, {}, {});
report.webviewPrevented = webview.prevented;
const handlers = fake.sessions[0].handlers;
let granted = null;
handlers.request?.(contents, 'media', (allowed) => {
  granted = allowed;
});
const requestCancelled = (url) => {
  let cancel = null;
  handlers.beforeRequest?.({ url }, (response) => {
    cancel = response.cancel;
  });
  return cancel;
};
report.requestsCancelled = {
  app: requestCancelled('app://qundesk/assets/index.js'),
  remote: requestCancelled('https://fonts.googleapis.com/css'),
  file: requestCancelled('file:///etc/passwd'),
};
report.permissions = {
  requestGranted: granted,
  checkGranted: handlers.check?.(contents, 'clipboard-read', 'app://qundesk', {}),
  deviceGranted: handlers.device?.({}),
};

// The OS going to sleep: nothing to lock before operators exist; once one is signed in, data channels lock.
const { powerMonitor } = await import(fakes.electron);
powerMonitor.emit('suspend');
const openAfterSuspend = await call(contents.mainFrame, 'groups.list');
const owner = { name: '群主', role: 'owner', passphrase: 'boot-passphrase' };
await call(contents.mainFrame, 'operators.create', owner);
const signedIn = await call(contents.mainFrame, 'groups.list');
powerMonitor.emit('lock-screen');
report.systemLock = {
  listeners: ['suspend', 'lock-screen'].map((event) => powerMonitor.listenerCount(event)),
  openAfterSuspend,
  signedIn,
  afterLockScreen: await call(contents.mainFrame, 'groups.list'),
};

// Quit: waits for the backend to close, then quits for real.
fake.calls.length = 0;
(await import(fakes.electron)).app.quit();
await new Promise((resolve) => setTimeout(resolve, 300));
report.quitCalls = fake.calls.map((call) => call.name);

process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
