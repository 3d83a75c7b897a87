// Fetching JSON from our own API. A refused request keeps the server's error body
// (`{"error", "parameters"}`), so the page can name every bad parameter, not just
// the first.

export class RequestError extends Error {
  constructor(message, { status, body }) {
    super(message);
    this.name = "RequestError";
    this.status = status;
    this.body = body;
  }

  // {name: [message, ...]} of a 400 from the filters; empty for other failures.
  get parameters() {
    return this.body?.parameters || {};
  }
}

export async function getJSON(url, { signal } = {}) {
  const response = await fetch(url, { credentials: "same-origin", signal });
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's HTML error page): reported by its status below.
  }
  if (!response.ok || body === null) {
    throw new RequestError(body?.error || `HTTP ${response.status}`, { status: response.status, body });
  }
  return body;
}
