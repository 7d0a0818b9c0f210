// The team database's connection settings as zod checks them: in the bridge's
// input (desk-api.ts) and in the settings file (main/settings). The rules
// themselves are in workspace-fields.ts, which the renderer reads without zod.
import { z } from 'zod';
import { tlsModes, workspaceConfigProblems, workspacePasswordProblem, type WorkspaceField } from './workspace-fields';

export const teamWorkspaceConfigSchema = z
  .object({
    host: z.string().trim().max(253, 'A host name can be at most 253 characters.'),
    port: z.number({ error: 'Enter a port number from 1 to 65535.' }),
    database: z.string().trim().max(63, 'A database name can be at most 63 characters.'),
    user: z.string().trim().max(63, 'A login can be at most 63 characters.'),
    tlsMode: z.enum(tlsModes, { error: 'Choose disable, require or verify-full.' }),
    caFile: z.string().trim().max(1000, 'The path can be at most 1000 characters.').optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const [field, message] of Object.entries(workspaceConfigProblems(config)) as Array<[WorkspaceField, string]>) {
      ctx.addIssue({ code: 'custom', path: [field], message });
    }
  })
  // An empty CA path is no CA file (the form sends what is in the box).
  .transform(({ caFile, ...rest }) => (caFile ? { ...rest, caFile } : rest));

export const workspacePasswordSchema = z.string().superRefine((password, ctx) => {
  const problem = workspacePasswordProblem(password);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Solo (the desk's own SQLite store) or Team (this database). */
export const workspaceChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('solo') }).strict(),
  z.object({ kind: z.literal('team'), config: teamWorkspaceConfigSchema }).strict(),
]);
export type WorkspaceChoice = z.output<typeof workspaceChoiceSchema>;
