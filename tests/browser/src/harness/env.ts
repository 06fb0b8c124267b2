// Where the server under test runs; run.sh sets these after starting `customer-service demo`.
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through tests/browser/run.sh`);
  return value.replace(/\/+$/, '');
}

export const env = {
  /** Customer Service, e.g. http://127.0.0.1:41234 */
  get baseUrl() {
    return required('CS_BASE_URL');
  },
  /** The embedded simulator's base URL, for /_sim/ controls. */
  get simUrl() {
    return required('CS_SIM_URL');
  },
  /** Screenshots land here. */
  get artifacts() {
    return process.env.CS_ARTIFACTS ?? new URL('../../artifacts/', import.meta.url).pathname;
  },
  chromium: process.env.CHROMIUM ?? '/usr/bin/chromium',
};

export const PASSWORD = 'demo';
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
