import { useState } from 'react';
import { call, fieldError } from '../../bridge';
import { ErrorAlert, StatusNote } from '../../components/ErrorAlert';
import { TextField } from '../../components/Field';
import { Section } from '../../components/Section';
import { loadProfiles } from '../../state/session';

/** The bridge's limit for a profile name (shared/desk-api.ts). */
const NAME_MAX = 60;

/** A custom base URL (e.g. a second sandbox or a partner's proxy) as a new profile. */
export function AddEnvironmentForm() {
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const nameLength = name.trim().length;
  const nameProblem =
    nameLength > NAME_MAX ? `A profile name can be at most ${NAME_MAX} characters; this one has ${nameLength}.` : undefined;
  const urlProblem =
    baseUrl.trim() === '' || /^https?:\/\/[^\s]+$/i.test(baseUrl.trim())
      ? undefined
      : 'Enter a full URL starting with https:// (or http:// for a local sandbox).';

  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const profile = await call((d) => d.profiles.addCustom({ name: name.trim(), baseUrl: baseUrl.trim() }));
      setDone(`Added ${profile.name}.`);
      setName('');
      setBaseUrl('');
      await loadProfiles();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const nameError = nameProblem ?? fieldError(error, 'name');
  const urlError = fieldError(error, 'baseUrl') ?? urlProblem;
  return (
    <Section title="Add a custom environment">
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextField
          label="Profile name"
          value={name}
          onValue={(value) => {
            setName(value);
            setDone(null);
          }}
          error={nameError}
          hint={nameLength >= NAME_MAX * 0.8 && nameLength <= NAME_MAX ? `${nameLength} of ${NAME_MAX} characters` : undefined}
        />
        <TextField
          label="Base URL"
          value={baseUrl}
          onValue={(value) => {
            setBaseUrl(value);
            setDone(null);
          }}
          error={urlError}
          placeholder="https://stagingapi.kminfra.net/v1"
          type="url"
        />
        <div className="actions">
          <button
            type="submit"
            disabled={busy || name.trim() === '' || baseUrl.trim() === '' || urlProblem !== undefined || nameProblem !== undefined}
          >
            {busy ? 'Adding…' : 'Add environment'}
          </button>
        </div>
      </form>
      <ErrorAlert error={fieldError(error, 'name') || fieldError(error, 'baseUrl') ? null : error} />
      <StatusNote>{done}</StatusNote>
    </Section>
  );
}
