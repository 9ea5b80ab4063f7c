// The JSON API (docs/api.md). Same origin; the token, when there is one, travels as a cookie.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function parse(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    throw new ApiError(response.status, 'HTTP ' + response.status);
  }
  if (!response.ok) throw new ApiError(response.status, (body && body.error) || 'HTTP ' + response.status);
  return body;
}

export async function get(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== '') query.set(k, v);
  }
  const qs = query.toString();
  return parse(await fetch(path + (qs ? '?' + qs : ''), {credentials: 'same-origin'}));
}

export async function post(path, body) {
  return parse(await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(body),
  }));
}
