/**
 * Hidden HTML-comment markers that let skuform find its own comment or issue again. The
 * marker is the first line of the body; matching on the whole line keeps `path=a.yaml` from
 * matching `path=a.yaml.bak` and ignores someone quoting the marker further down.
 */

/**
 * Escapes a value for use inside an HTML comment. `--` and `>` could end the comment early
 * and whitespace would make the marker ambiguous, so those and `%` are percent-encoded;
 * everything else stays readable. Backslashes become `/` and a leading `./` is dropped so the
 * same config gets the same marker on Windows and Linux runners.
 */
export function escapeMarkerValue(value: string): string {
  const normalized = value.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  return normalized.replace(/%|--|[<>\s]|-$|^-/gu, (match) =>
    Array.from(Buffer.from(match, 'utf8'), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** `<!-- skuform:plan path=<configPath> -->`: one sticky PR comment per config path. */
export function formatPlanCommentMarker(configPath: string): string {
  return `<!-- skuform:plan path=${escapeMarkerValue(configPath)} -->`;
}

/** `<!-- skuform:drift key=<key> -->`: one open drift issue per key. */
export function formatDriftIssueMarker(key: string): string {
  return `<!-- skuform:drift key=${escapeMarkerValue(key)} -->`;
}

/** True when `body` starts with exactly this marker line. */
export function hasMarker(body: string | null | undefined, marker: string): boolean {
  if (body == null || !body.startsWith(marker)) return false;
  const rest = body.slice(marker.length);
  return rest === '' || rest.startsWith('\n') || rest.startsWith('\r\n');
}

/** The body as posted: marker line first, then the content. */
export function withMarker(marker: string, content: string): string {
  return `${marker}\n${content}`;
}
