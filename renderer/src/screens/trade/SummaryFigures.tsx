// The figures both confirm dialogs open and close with: where the order goes and
// for whom (production spelled out), and whether the per-order limit is overridden.

export function WhereAndWho({ production, environment, user }: { production: boolean; environment: string; user: string }) {
  return (
    <>
      <dt>Environment</dt>
      <dd className={production ? 'prod-word' : undefined}>
        {production ? 'PRODUCTION — ' : ''}
        {environment}
      </dd>
      <dt>User</dt>
      <dd>{user}</dd>
    </>
  );
}

export function LimitOverridden({ overridden }: { overridden: boolean }) {
  return overridden ? (
    <>
      <dt>Limit</dt>
      <dd>Per-order limit overridden</dd>
    </>
  ) : null;
}
