// The dashboard's API client: logs in with Basic auth, keeps the JWT in memory (and the
// password, only to log in again when the token expires), and reads the live feed
// (GET /events, server-sent events) through fetch so the token goes in a header, not a URL.

export class ApiClient {
  #user = "";
  #password = "";
  #token = "";
  #expiresAt = 0;
  #role = "";

  get user() {
    return this.#user;
  }

  /** The role the token grants (read from its claims; the server checks it on every call). */
  get role() {
    return this.#role;
  }

  async login(user, password) {
    const res = await fetch("/security/user/authenticate", {
      method: "POST",
      headers: { authorization: `Basic ${btoa(unescape(encodeURIComponent(`${user}:${password}`)))}` },
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.detail || `HTTP ${res.status}`);
    this.#user = user;
    this.#password = password;
    this.#token = body.data.token;
    try {
      this.#role = JSON.parse(atob(this.#token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).role ?? "";
    } catch {
      this.#role = "";
    }
    this.#expiresAt = Date.now() + (body.data.expires_in ?? 900) * 1000 - 30_000;
  }

  logout() {
    this.#user = this.#password = this.#token = "";
  }

  async #auth() {
    if (Date.now() > this.#expiresAt && this.#password) await this.login(this.#user, this.#password);
    return { authorization: `Bearer ${this.#token}` };
  }

  async request(method, path, body) {
    const headers = await this.#auth();
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(json.detail || `HTTP ${res.status}`);
    return json;
  }

  get(path) {
    return this.request("GET", path);
  }

  /** Reads GET /events until `signal` aborts; calls onEvent(type, data) and onState(connected). */
  async stream(onEvent, onState, signal) {
    while (!signal.aborted) {
      try {
        const res = await fetch("/events", { headers: await this.#auth(), signal });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        onState(true);
        await readEvents(res.body, onEvent);
      } catch {
        // Network drop, token expiry or abort: reconnect below unless aborted.
      }
      onState(false);
      if (!signal.aborted) await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) type = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      if (data.length > 0) {
        try {
          onEvent(type, JSON.parse(data.join("\n")));
        } catch {
          // A malformed event is skipped; the next one is independent.
        }
      }
    }
  }
}
