/**
 * The config document cannot be used: missing, unreadable, not JSON, or not valid. The CLI exits 2 on it.
 * The message names the file and, one line each, every problem with its field path; it never quotes
 * values from the file, since a misplaced secret may be among them.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly file: string;
  readonly problems: readonly string[];

  constructor(file: string, headline: string, problems: readonly string[] = []) {
    super([`${headline}`, ...problems.map((problem) => `  ${problem}`)].join('\n'));
    this.file = file;
    this.problems = problems;
  }
}
