/**
 * Starter lists shipped under resources/lexicons/ (CSV, written for the product). The main process reads the files
 * and parses them with parseListCsv; the names here keep the set and its order in one place.
 */
export const starterListFiles = [
  'ads.csv',
  'scam.csv',
  'privacy.csv',
  'abuse.csv',
  'crisis.csv',
  'complaint.csv',
  'allow.csv',
] as const;
