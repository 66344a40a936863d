import type { TestRuntime } from '../helpers/test-runtime.js';

/** A logged-in console client over `app.request()`: keeps the session cookie and the CSRF token. */
export interface ConsoleClient {
  cookie: string;
  csrf: string;
  get(path: string): Promise<Response>;
  post(path: string, form: Record<string, string>): Promise<Response>;
}

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Logs in with a token; throws when the login fails. */
export async function loginConsole(rt: TestRuntime, token: string): Promise<ConsoleClient> {
  const res = await rt.http.request('/console/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  return clientFromCookie(rt, res.headers.get('set-cookie') ?? '');
}

export async function clientFromCookie(rt: TestRuntime, setCookie: string): Promise<ConsoleClient> {
  const cookie = setCookie.split(';')[0] ?? '';
  const client: ConsoleClient = {
    cookie,
    csrf: '',
    get: async (path) => rt.http.request(path, { headers: { cookie } }),
    post: async (path, form) =>
      rt.http.request(path, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: client.csrf, ...form }).toString(),
      }),
  };
  client.csrf = csrfOf(await (await client.get('/console')).text());
  return client;
}
