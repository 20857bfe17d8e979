// A storm's deliveries name the same source and, as a rule, the same failed checkpoints. Each one would
// otherwise bring its own copy of those strings and that list, and the incident it opens keeps them for
// as long as it is open: a repeat of the previous delivery's value is swapped for that value itself.

export interface RepeatSharer {
  sourceId(id: string): string;
  /** Lists are shared, so nothing downstream may change one (the alert log and the store never do). */
  checkpoints(list: string[]): string[];
}

export function createRepeatSharer(): RepeatSharer {
  let lastSourceId = '';
  let lastCheckpoints: string[] = [];
  return {
    sourceId(id) {
      if (id === lastSourceId) return lastSourceId;
      lastSourceId = id;
      return id;
    },
    checkpoints(list) {
      if (list.length === lastCheckpoints.length && list.every((name, i) => name === lastCheckpoints[i]))
        return lastCheckpoints;
      lastCheckpoints = list;
      return list;
    },
  };
}
