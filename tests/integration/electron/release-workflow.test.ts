// The release workflow only runs on GitHub's runners, on a tag: a typo in it (a
// misspelt key, a step with neither `uses` nor `run`) would first show when a
// release is cut. @action-validator/core checks each workflow against the
// SchemaStore schema it bundles, so the check needs no network here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';

const workflowsDir = join(import.meta.dirname, '../../../.github/workflows');
const workflows = readdirSync(workflowsDir).filter((name) => /\.ya?ml$/.test(name));

describe('the GitHub workflows', () => {
  it('include the release workflow', () => {
    expect(workflows).toContain('release.yml');
  });

  it.each(workflows)('%s passes the workflow schema', (name) => {
    const state = validateWorkflow(readFileSync(join(workflowsDir, name), 'utf8'));
    expect(state.errors).toEqual([]);
  });

  it('the validator does catch a broken workflow', () => {
    const state = validateWorkflow(
      'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - usess: actions/checkout@v4\n',
    );
    expect(state.errors.length).toBeGreaterThan(0);
  });
});
