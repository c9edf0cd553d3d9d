/** Saves a file through the browser's download, without a server. */

/** Time before the object URL is revoked, in milliseconds. */
const REVOKE_DELAY_MS = 60_000;

export function downloadFile(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_DELAY_MS);
}
