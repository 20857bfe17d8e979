// The language headless processes (`serve`, the CLI) resolve `locale: "system"` from: the POSIX locale
// variables in their usual order of precedence, then the runtime's own default.

export function systemLanguage(env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value !== undefined && value !== '' && value !== 'C' && value !== 'POSIX') return value;
  }
  return Intl.DateTimeFormat().resolvedOptions().locale;
}
