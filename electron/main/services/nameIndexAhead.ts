/**
 * The pinyin keys and search documents of a large member import's new members, worked out ahead on a worker thread
 * while the import writes: they are pure functions of the names (pinyin-pro's readings, the name pieces), about a
 * tenth of the import's time on its own thread (0.3 s of a 200,000-member import), and the machine has a second core.
 *
 * The importing thread starts the helper before it reads the file (the helper loads its code meanwhile), sends the
 * names of the members it will add once the rows are checked, then, writing, takes the results in member order,
 * blocking only when it has caught up with the helper (`reach`). What arrives is a cache: keys by name, and a
 * document per member with the names it was made from; the writer works out anything missing itself, so a helper
 * that fails, is slow or is not started changes nothing but the time.
 */
import {
  isMainThread,
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  workerData,
  type MessagePort,
} from 'node:worker_threads';
import type { NamesAhead } from '../db/repositories/membersBulk';
import { piecesDocument, pinyinKeys, type PinyinKeys } from '../db/repositories/memberNames';

/** Members per result message: small enough that the writer rarely waits for the first, large enough to be few. */
const membersPerMessage = 2000;
/** How long the writer waits for the next message before it works the rest out itself. */
const helperPatienceMs = 5_000;

/** The names sent: every member's names in one string, and how long each name is and how many each member has. */
interface NamesMessage {
  text: string;
  nameLengths: Int32Array;
  namesPerMember: Int32Array;
}

type ResultMessage =
  | {
      type: 'results';
      /** Members worked out so far (the next message starts here). */
      upTo: number;
      /** New names' keys: name, full, initials, … */
      keys: string[];
      /** One document per member of this message. */
      documents: string[];
    }
  | { type: 'failed'; message: string };

/** Runs in the helper: works the names out and posts the results, a message per `membersPerMessage` members. */
function serveNameIndexAhead(port: MessagePort, signal: Int32Array): void {
  const post = (message: ResultMessage) => {
    port.postMessage(message);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  port.once('message', (names: NamesMessage) => {
    try {
      const seen = new Set<string>();
      const syllablesByHan = new Map<string, string[]>();
      let offset = 0;
      let nameIndex = 0;
      let keys: string[] = [];
      let documents: string[] = [];
      for (let member = 0; member < names.namesPerMember.length; member += 1) {
        const own: string[] = [];
        for (let count = names.namesPerMember[member]!; count > 0; count -= 1) {
          const length = names.nameLengths[nameIndex++]!;
          const name = names.text.slice(offset, offset + length);
          offset += length;
          own.push(name);
          if (!seen.has(name)) {
            seen.add(name);
            const { full, initials } = pinyinKeys(name, syllablesByHan);
            keys.push(name, full, initials);
          }
        }
        documents.push(own.length > 0 ? piecesDocument(own) : '');
        if (documents.length === membersPerMessage || member === names.namesPerMember.length - 1) {
          post({ type: 'results', upTo: member + 1, keys, documents });
          keys = [];
          documents = [];
        }
      }
    } catch (error) {
      post({ type: 'failed', message: String((error as Error)?.stack ?? error) });
    }
    port.close();
  });
}

/** What the helper is started with. */
interface HelperData {
  nameIndexAhead: true;
  module: string;
  port: MessagePort;
  signal: Int32Array;
}

/**
 * The helper's program: loads this module, wherever it is (the built app's chunk; run from source, the TypeScript
 * file through tsx, whose loader flags do not reach an evaluated worker's imports), which then serves (below).
 */
const helperProgram = `
const { workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const loaded = workerData.module.endsWith('.ts')
  ? createRequire(workerData.module)('tsx/esm/api').tsImport(workerData.module, workerData.module)
  : import(workerData.module);
loaded.catch((error) => {
  workerData.port.postMessage({ type: 'failed', message: String((error && error.stack) || error) });
  Atomics.add(workerData.signal, 0, 1);
  Atomics.notify(workerData.signal, 0);
});`;

// In the helper, this module serves as soon as it is loaded: the built app's chunk renames its exports, so the
// program cannot call one by name. Anywhere else (the app, a job worker) workerData is not the helper's.
const helperData = isMainThread ? undefined : (workerData as Partial<HelperData> | null);
if (helperData?.nameIndexAhead === true) serveNameIndexAhead(helperData.port!, helperData.signal!);

/** The writer's side (see the module note). */
export class NameIndexAhead implements NamesAhead {
  readonly keys = new Map<string, PinyinKeys>();
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  /** The names sent, by member: a document is taken only for the same names. */
  private sent: (readonly string[])[] = [];
  private documents: string[] = [];
  private upTo = 0;
  private gone = false;

  /**
   * Starts the helper, which loads its code until `send`. `module`: what it loads, this module (a test gives the built
   * app's chunk).
   */
  constructor(module = import.meta.url) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(helperProgram, {
      eval: true,
      workerData: { nameIndexAhead: true, module, port: port2, signal: this.signal } satisfies HelperData,
      transferList: [port2],
      // No flags of this process (tsx's loader, profiling): the program loads what it needs itself.
      execArgv: [],
    });
    // A helper that fails ends alone (`reach` finds it gone); unheard, its error would end the process.
    this.worker.on('error', () => undefined);
    this.worker.unref();
  }

  /** The names of each member the writer will add, in the order it adds them (nickname, remark, group nicknames). */
  send(members: (readonly string[])[]): void {
    this.sent = members;
    const names = members.flat();
    this.port.postMessage({
      text: names.join(''),
      nameLengths: Int32Array.from(names, (name) => name.length),
      namesPerMember: Int32Array.from(members, (own) => own.length),
    } satisfies NamesMessage);
  }

  reach(ordinal: number): void {
    while (!this.gone && this.upTo <= ordinal && ordinal < this.sent.length) {
      const seen = Atomics.load(this.signal, 0);
      const received = receiveMessageOnPort(this.port);
      if (received) this.take(received.message as ResultMessage);
      else if (Atomics.wait(this.signal, 0, seen, helperPatienceMs) === 'timed-out') this.close();
    }
  }

  document(ordinal: number, names: readonly string[]): string | undefined {
    const sent = this.sent[ordinal];
    if (ordinal >= this.upTo || !sent || sent.length !== names.length) return undefined;
    for (let index = 0; index < names.length; index += 1) if (sent[index] !== names[index]) return undefined;
    return this.documents[ordinal];
  }

  private take(message: ResultMessage): void {
    if (message.type === 'failed') {
      this.close();
      return;
    }
    for (let index = 0; index < message.keys.length; index += 3)
      this.keys.set(message.keys[index]!, {
        full: message.keys[index + 1]!,
        initials: message.keys[index + 2]!,
      });
    for (const document of message.documents) this.documents.push(document);
    this.upTo = message.upTo;
  }

  /** Ends the helper (at once, whatever it is doing); what arrived stays usable. */
  close(): void {
    this.gone = true;
    this.port.close();
    void this.worker.terminate();
  }
}
