// Calls window.desk from the test, the way the renderer does, and unwraps the
// { ok, value } envelope (a failed call throws with the desk's error kind).
import type { Page } from '@playwright/test';
import type { DeskInput, DeskMethodName, DeskOutput, DeskResult } from '../../../shared/desk-api';

export async function deskCall<M extends DeskMethodName>(page: Page, method: M, input: DeskInput<M>): Promise<DeskOutput<M>> {
  const result = (await page.evaluate(
    async ({ method, input }) => {
      const [area, name] = method.split('.') as [string, string];
      const desk = (window as unknown as { desk: Record<string, Record<string, (i: unknown) => Promise<unknown>>> }).desk;
      return desk[area]![name]!(input);
    },
    { method, input: input as unknown },
  )) as DeskResult<DeskOutput<M>>;
  if (!result.ok) throw new Error(`${method} failed (${result.error.kind}): ${result.error.message}`);
  return result.value;
}
