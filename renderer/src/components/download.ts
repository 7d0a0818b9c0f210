// Saves text as a file through a Blob URL and a temporary <a download>: works the
// same in Electron and in the browser harness, with no Node file access.
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: revoking at once can cancel the download in some engines.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
