// Answers that arrive after an environment switch belong to the environment just
// left. The stores of environment data (users, …) are emptied on a switch, and a
// late answer must not refill them under the new one's name: ids are per environment.
import { useSession } from './session';

/** The environment the desk is on now (null before the first session status). */
export function activeProfileId(): string | null {
  return useSession.getState().session?.profileId ?? null;
}

/**
 * Call before sending a request; apply its answer through the returned function,
 * which does nothing if the desk is on another environment by then.
 * `const keep = whileSameEnvironment(upsertUser); keep(await call(…));`
 */
export function whileSameEnvironment<A extends unknown[]>(update: (...args: A) => void): (...args: A) => void {
  const asked = activeProfileId();
  return (...args) => {
    if (activeProfileId() === asked) update(...args);
  };
}
