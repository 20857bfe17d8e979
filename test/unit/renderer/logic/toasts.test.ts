import { describe, expect, it } from 'vitest';
import { autoDismissMs, pushToast, stackOf, type Toast } from '../../../../renderer/logic/toasts.ts';

const toast = (id: number, severity: Toast['severity'] = 'info'): Toast => ({
  id,
  title: `t${id}`,
  body: '',
  severity,
});

describe('toasts', () => {
  it('stack at most three, newest last, and count the rest', () => {
    let list: Toast[] = [];
    for (let id = 1; id <= 5; id++) list = pushToast(list, toast(id));
    expect(stackOf(list)).toEqual({ shown: [toast(3), toast(4), toast(5)], hidden: 2 });
  });

  it('let critical notices stay until dismissed and send the others away on their own', () => {
    expect(autoDismissMs('critical')).toBeNull();
    expect(autoDismissMs('info')).toBeGreaterThan(0);
    expect(autoDismissMs('warning')).toBeGreaterThan(0);
  });

  it('never grow without bound when nobody dismisses them', () => {
    let list: Toast[] = [];
    for (let id = 1; id <= 200; id++) list = pushToast(list, toast(id, 'critical'));
    expect(list.length).toBeLessThanOrEqual(50);
    expect(list.at(-1)?.id).toBe(200);
  });
});
