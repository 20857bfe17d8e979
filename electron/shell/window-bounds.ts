import { z } from 'zod';

// The dashboard window's size and place, remembered between runs. UI-only: it lives in electron-store's
// own file, never in the shared config and never with a secret. Read back through a schema: the file is
// outside input like any other.

export const windowBoundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(150).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowBounds = z.infer<typeof windowBoundsSchema>;

export interface BoundsStore {
  get(): WindowBounds | null;
  set(bounds: WindowBounds): void;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Saved bounds are used only if a good part of the window lands on a display that still exists. */
export function fitsOnSomeDisplay(bounds: Rect, workAreas: readonly Rect[]): boolean {
  const MIN_VISIBLE = 100;
  return workAreas.some((area) => {
    const overlapX = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
    const overlapY = Math.min(bounds.y + bounds.height, area.y + area.height) - Math.max(bounds.y, area.y);
    return overlapX >= MIN_VISIBLE && overlapY >= MIN_VISIBLE;
  });
}

/** A store over any key-value object with get/set (electron-store in the app, a Map in tests). */
export function createBoundsStore(backing: {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}): BoundsStore {
  const KEY = 'windowBounds';
  return {
    get() {
      const parsed = windowBoundsSchema.safeParse(backing.get(KEY));
      return parsed.success ? parsed.data : null;
    },
    set(bounds) {
      backing.set(KEY, windowBoundsSchema.parse(bounds));
    },
  };
}
