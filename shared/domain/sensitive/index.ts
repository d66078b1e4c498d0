/**
 * Sensitive-word and risk engine, pure TypeScript (Node, worker, browser).
 *
 *   const engine = compileEngine(lists, { competitorDomains: ['rival.com'] });
 *   engine.scan('加V：abc888 刷单返利') // → SensitiveHit[] with offsets into the original text
 *
 * Lists come from parseList / parseListCsv / parseListTxt (or are built in code); rebuild with compileEngine after an
 * edit — unchanged list objects are not prepared again.
 */
export { compileEngine, type EngineOptions, type EngineStats, type SensitiveEngine } from './engine';
export {
  lintList,
  maxWordLength,
  parseList,
  parseListCsv,
  parseListTxt,
  serialiseList,
  serialiseListCsv,
  serialiseListTxt,
  type LintCode,
  type LintWarning,
  type ListDefaults,
  type ListFormat,
} from './listFormat';
export { defaultDetectorSettings, idCardValid, luhnValid, type DetectorSetting } from './detectors';
export { normaliseText, type CharOptions } from './normalise';
export { pinyinVariants, splitCharacterTable, splitVariants } from './variants';
export { starterListFiles } from './starter';
export * from './types';
