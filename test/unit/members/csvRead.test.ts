import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { readMemberTable } from '../../../electron/main/services/membersCsv';
import { uniqueHeaders } from '../../../electron/main/services/membersXlsx';
import { SeededRandom } from '../../../shared/demo/random';
import { makeTempDir } from '../../support/tempWorkspace';

/** What csv-parse makes of a text with the options the member import reads with. */
function csvParseTable(text: string): { headers: string[]; rows: string[][] } {
  const [headers, ...rows] = parse(text, {
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
  }) as string[][];
  return { headers: uniqueHeaders(headers!), rows };
}

describe('member CSV reading', () => {
  const temp = makeTempDir('qundesk-members-csv-read-');
  afterAll(() => temp.remove());

  // Quote-free files take a faster path than csv-parse: it must read every such file exactly as csv-parse does.
  it('reads quote-free files exactly as csv-parse does: trimming, blank lines, line endings', async () => {
    const random = new SeededRandom(7);
    const pieces = [
      '张三',
      'wxid_a',
      '138',
      ' ',
      '\t',
      '\u3000',
      '\u00a0',
      '\ufeff',
      ',',
      ',',
      '\n',
      '\r\n',
      '\r',
      'x',
    ];
    for (let sample = 0; sample < 300; sample += 1) {
      const crlf = random.chance(0.5);
      const lines = [`昵称,微信号,手机号`];
      for (let line = random.int(0, 6); line > 0; line -= 1) {
        let text = '';
        for (let piece = random.int(0, 8); piece > 0; piece -= 1) {
          const next = random.pick(pieces);
          // Mostly one kind of line ending per file, now and then another kind inside.
          text += (next === '\n' || next === '\r\n' || next === '\r') && random.chance(0.8) ? ',' : next;
        }
        lines.push(text);
      }
      const text = lines.join(crlf ? '\r\n' : '\n') + (random.chance(0.5) ? (crlf ? '\r\n' : '\n') : '');
      const path = join(temp.dir, `sample-${sample}.csv`);
      writeFileSync(path, text);
      const read = await readMemberTable(path);
      expect({ headers: read.headers, rows: read.rows }, JSON.stringify(text)).toEqual(csvParseTable(text));
    }
  });

  it('reads quoted fields (commas and line breaks inside) through csv-parse', async () => {
    const text = '昵称,备注\n"吴,大伟"," 两行\n备注 "\n  \n李四 ,  \n';
    const path = join(temp.dir, 'quoted.csv');
    writeFileSync(path, text);
    const read = await readMemberTable(path);
    expect(read.rows).toEqual([
      ['吴,大伟', ' 两行\n备注 '],
      ['李四', ''],
    ]);
  });
});
