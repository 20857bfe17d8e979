/** Where secrets are kept, by account (`<sourceId>:api`, `<sourceId>:webhook`). Never the config file. */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  /** Whether there was a secret to delete. */
  delete(account: string): Promise<boolean>;
}
