// The layers of main/, enforced by lint (docs/architecture.md, "Layout"): the arrows
// point down, from the composition root (main/desk) to the services, from the
// services to the store port, from the port's two implementations (sqlite/,
// postgres/) to nothing of each other. A wrong arrow is an import this file names.
// It uses typescript-eslint's no-restricted-imports (type-only imports count) so that
// it never overrides the trust boundary's core rule of the same name; each file
// falls in exactly one group below (or a later group repeats the earlier one's
// patterns), because a later group replaces an earlier one's rather than adding to them.

const services = {
  regex: '^(\\.\\./)+services(/|$)',
  message: 'The services sit above this layer: pass what is needed in from main/desk.',
};
const desk = { regex: '^(\\.\\./)+desk(/|$)', message: 'main/desk is the composition root: nothing below it imports it.' };
const teamAdmin = {
  regex: '(^|/)team-admin(/|$)',
  message: 'main/team-admin is the PostgreSQL admin tooling (npm run team, tests): it never runs in the desk.',
};
const anyImplementation = {
  regex: '(^|/)store/(sqlite|postgres)(/|$)',
  message: 'Services speak to the store port (main/store/port.ts); main/desk chooses the implementation.',
};
const ownImplementations = {
  regex: '^\\./(sqlite|postgres)(/|$)',
  message: 'The store port is at the bottom: it defines what it speaks and imports nothing from its implementations.',
};
const toPostgres = { regex: '^\\.\\./postgres(/|$)', message: 'sqlite/ and postgres/ never import each other: share through main/store/.' };
const toSqlite = { regex: '^\\.\\./sqlite(/|$)', message: 'sqlite/ and postgres/ never import each other: share through main/store/.' };

const belowRuntime = {
  regex: '^\\.\\./(?!runtime/)[^./]+/',
  message: "services/runtime is the bottom of the services (a profile's session, caches and poller): it imports no other area.",
};
const belowCommon = {
  regex: '^\\.\\./(?!common/|runtime/)[^./]+/',
  message: 'services/common serves every area: it imports only runtime/, never an area above it.',
};

function restrict(files, patterns) {
  return { files, rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] } };
}

/** Folders at the bottom of main/: the API client, the session, the vault, the settings. */
export const foundationFiles = ['main/kriptomat/**/*.ts', 'main/session/**/*.ts', 'main/vault/**/*.ts', 'main/settings/**/*.ts'];

export const layersConfig = [
  restrict(foundationFiles, [services, desk, teamAdmin]),
  restrict(['main/store/*.ts'], [services, desk, teamAdmin, ownImplementations]),
  restrict(['main/store/sqlite/**/*.ts'], [services, desk, teamAdmin, toPostgres]),
  restrict(['main/store/postgres/**/*.ts'], [services, desk, teamAdmin, toSqlite]),
  restrict(['main/services/**/*.ts'], [desk, teamAdmin, anyImplementation]),
  // After the group above, which they replace for their own files.
  restrict(['main/services/runtime/*.ts'], [desk, teamAdmin, anyImplementation, belowRuntime]),
  restrict(['main/services/common/*.ts'], [desk, teamAdmin, anyImplementation, belowCommon]),
  restrict(['main/desk/**/*.ts', 'main/electron/**/*.ts', 'main/*.ts'], [teamAdmin]),
];
