import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RotatingFileLogger } from '../../../electron/main/services/logger';
import { makeTempDir } from '../../support/tempWorkspace';

describe('rotating file logger', () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());

  it('writes JSON lines and keeps a bounded number of rotated files', () => {
    const logger = new RotatingFileLogger(join(temp.dir, 'logs'), { maxBytes: 200, keep: 2 });
    for (let i = 0; i < 40; i += 1) logger.info('test', `line ${i}`);
    logger.error('test', new Error('boom'));
    const files = readdirSync(join(temp.dir, 'logs')).sort();
    expect(files).toEqual(['qundesk.1.log', 'qundesk.2.log', 'qundesk.log']);
    const last = readFileSync(logger.file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(last.at(-1)).toMatchObject({ level: 'error', scope: 'test', message: 'boom' });
    expect(last.at(-1).stack).toContain('Error: boom');
  });

  it('never throws when the folder cannot be written', () => {
    // A file where the log folder should be: every write fails with ENOTDIR.
    const blocker = join(temp.dir, 'blocker');
    writeFileSync(blocker, '');
    const logger = new RotatingFileLogger(join(blocker, 'logs'));
    expect(() => logger.error('x', 'y')).not.toThrow();
  });
});
