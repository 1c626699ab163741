// The API as the console uses it: bearer token (kept in localStorage and mirrored in a
// cookie for EventSource and downloads, which cannot send headers), envelope unwrapped.
const TOKEN = "dp_token";
export const API = document.body.dataset.api;  // paths starting with /api/ are used as is

export const token = {
  get: () => localStorage.getItem(TOKEN),
  set(value) {
    localStorage.setItem(TOKEN, value);
    document.cookie = `${TOKEN}=${encodeURIComponent(value)}; Path=/; SameSite=Strict`;
  },
  clear() {
    localStorage.removeItem(TOKEN);
    document.cookie = `${TOKEN}=; Path=/; Max-Age=0; SameSite=Strict`;
  },
};

export class ApiError extends Error {
  constructor(envelope, status) {
    super(envelope.message || `HTTP ${status}`);
    this.code = envelope.error_code || "HTTP_ERROR";
    this.status = status;
    this.data = envelope.data;
  }
}

function headers(extra = {}) {
  const h = { Accept: "application/json", ...extra };
  const t = token.get();
  if (t) h.Authorization = `Bearer ${t}`;
  return h;
}

export async function call(method, path, body, extra = {}) {
  const init = { method, headers: headers(extra) };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path.startsWith("/api/") ? path : API + path, init);
  const envelope = await response.json().catch(() => ({ message: response.statusText }));
  if (!response.ok) {
    if (response.status === 401) document.dispatchEvent(new CustomEvent("dp:unauthorized"));
    throw new ApiError(envelope, response.status);
  }
  return { data: envelope.data, response };
}

export const get = async (path) => (await call("GET", path)).data;
export const post = async (path, body) => (await call("POST", path, body ?? {})).data;

export async function text(path) {
  const response = await fetch(API + path, { headers: headers({ Accept: "*/*" }) });
  if (!response.ok) throw new ApiError({ message: response.statusText }, response.status);
  return response.text();
}

// Named SSE events -> handlers; the browser reconnects by itself, sending Last-Event-ID.
export function stream(path, handlers, onState = () => {}) {
  const source = new EventSource(API + path);
  for (const [name, handle] of Object.entries(handlers)) {
    source.addEventListener(name, (e) => handle(JSON.parse(e.data), e));
  }
  source.onopen = () => onState(true);
  source.onerror = () => onState(false);
  return source;
}
