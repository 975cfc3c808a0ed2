/** A character `toLowerCase` might change: an ASCII capital, or anything outside ASCII. */
const MAY_HAVE_UPPER_CASE = /[A-Z\u0080-\uffff]/;

/**
 * `text.toLowerCase()`, but the string itself when there is nothing to lower. `toLowerCase`
 * always allocates a new string, and ids, GUIDs and user principal names are nearly always
 * lower-case already: on a 100,000-user tenant the copies are hundreds of thousands of
 * strings of garbage per read. A regular expression rather than a loop over characters
 * because it runs as native code even before the engine has optimised the caller.
 */
export function lowerCase(text: string): string {
  return MAY_HAVE_UPPER_CASE.test(text) ? text.toLowerCase() : text;
}
