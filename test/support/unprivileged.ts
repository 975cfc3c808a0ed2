/**
 * An account without root's power to ignore file permissions, for tests of permission
 * errors: `nobody` when the tests run as root, else the current user.
 */
export const UNPRIVILEGED = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
