// A recording stand-in for the 'electron' module, so the built main process (out/main/index.js) and the real
// electron-store can run under plain Node in tests. It implements only what the shell uses and records every call in `fake.calls`.
import { EventEmitter } from 'node:events';

export const fake = {
  calls: [],
  windows: [],
  ipcHandlers: new Map(),
  protocolHandlers: new Map(),
  sessions: [],
};
const record = (name, ...args) => fake.calls.push({ name, args });

let resolveReady;
const ready = new Promise((resolve) => {
  resolveReady = resolve;
});
fake.emitReady = () => {
  record('ready');
  resolveReady();
};

class FakeApp extends EventEmitter {
  isPackaged = process.env.FAKE_IS_PACKAGED !== '0';
  paths = new Map([['appData', process.env.FAKE_APP_DATA ?? '/nonexistent']]);
  enableSandbox() {
    record('app.enableSandbox');
  }
  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock');
    return true;
  }
  whenReady() {
    record('app.whenReady');
    return ready;
  }
  getPath(name) {
    const path = this.paths.get(name);
    if (path === undefined) throw new Error(`fake app.getPath: unknown ${name}`);
    return path;
  }
  setPath(name, path) {
    record('app.setPath', name, path);
    this.paths.set(name, path);
  }
  getVersion() {
    return '0.0.0-fake';
  }
  quit() {
    record('app.quit');
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('before-quit', event);
    if (!event.defaultPrevented) record('app.quit.proceeded');
  }
  exit(code) {
    record('app.exit', code);
  }
}
export const app = new FakeApp();

class FakeSession {
  constructor() {
    fake.sessions.push(this);
    this.handlers = {};
    this.webRequest = {
      onBeforeRequest: (handler) => {
        this.handlers.beforeRequest = handler;
      },
    };
  }
  setPermissionRequestHandler(handler) {
    this.handlers.request = handler;
  }
  setPermissionCheckHandler(handler) {
    this.handlers.check = handler;
  }
  setDevicePermissionHandler(handler) {
    this.handlers.device = handler;
  }
  setDisplayMediaRequestHandler(handler) {
    this.handlers.displayMedia = handler;
  }
}
export const session = { defaultSession: new FakeSession() };

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record('protocol.registerSchemesAsPrivileged', schemes);
  },
  handle(scheme, handler) {
    record('protocol.handle', scheme);
    fake.protocolHandlers.set(scheme, handler);
  },
};

class FakeWebContents extends EventEmitter {
  session = session.defaultSession;
  mainFrame = { url: '', origin: '', isDestroyed: () => false };
  sent = [];
  url = '';
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.url;
  }
  isDestroyed() {
    return false;
  }
  send(...args) {
    this.sent.push(args);
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return fake.windows;
  }
  constructor(options) {
    super();
    record('new BrowserWindow', options);
    this.options = options;
    this.webContents = new FakeWebContents();
    fake.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url) {
    record('window.loadURL', url);
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
    this.webContents.mainFrame.origin =
      new URL(url).protocol === 'app:' ? 'app://qundesk' : new URL(url).origin;
    this.emit('ready-to-show');
  }
  show() {
    record('window.show');
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
}

export const ipcMain = {
  handle(channel, handler) {
    record('ipcMain.handle', channel);
    fake.ipcHandlers.set(channel, handler);
  },
  // electron-store registers a sync listener for renderer-side stores.
  on(channel) {
    record('ipcMain.on', channel);
  },
  removeHandler(channel) {
    record('ipcMain.removeHandler', channel);
    fake.ipcHandlers.delete(channel);
  },
};

export const Menu = {
  setApplicationMenu(menu) {
    record('Menu.setApplicationMenu', menu);
  },
  buildFromTemplate(template) {
    return { template };
  },
};

export const dialog = {
  async showOpenDialog() {
    return { canceled: true, filePaths: [] };
  },
  showErrorBox(title, content) {
    record('dialog.showErrorBox', title, content);
  },
};

export const shell = {
  async openExternal(url) {
    record('shell.openExternal', url);
  },
};

// The OS power events ('suspend', 'lock-screen'): boot.mjs emits them.
export const powerMonitor = new EventEmitter();

globalThis.__fakeElectron = fake;
export default { app, session, protocol, BrowserWindow, ipcMain, Menu, dialog, shell, powerMonitor };
