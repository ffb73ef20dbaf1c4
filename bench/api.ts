/** The bench's calls to a server's public API, with a key or the operator token. */

/** One request; the answer's status and its JSON body (null when empty). */
export async function call(baseUrl: string, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** A POST that must create what it names (201): the created resource. */
export async function expectCreated(baseUrl: string, path: string, token: string, body: unknown): Promise<any> {
  const answer = await call(baseUrl, 'POST', path, token, body);
  if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
