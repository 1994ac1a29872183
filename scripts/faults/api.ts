import superjson from "superjson";

// A signed-in person talking to one instance over HTTP, as the browser does: the JSON sign-in
// (cookies kept), tRPC queries and mutations (superjson envelope, same-origin Origin header),
// and tRPC subscriptions over SSE.

export class ApiSession {
  private readonly cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      origin: this.baseUrl,
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      ...extra,
    };
  }

  private keepCookies(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const at = pair!.indexOf("=");
      if (at > 0) this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
  }

  async signIn(login: string, password: string): Promise<void> {
    const res = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: "POST",
      headers: this.headers({ "content-type": "application/json" }),
      body: JSON.stringify({ login, password }),
      redirect: "manual",
    });
    this.keepCookies(res);
    if (res.status !== 200) throw new Error(`sign-in of ${login} at ${this.baseUrl}: ${res.status} ${await res.text()}`);
  }

  async query<T>(procedure: string, input: unknown): Promise<T> {
    const q = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
    const res = await fetch(`${this.baseUrl}/api/trpc/${procedure}?input=${q}`, { headers: this.headers() });
    return this.result<T>(procedure, res);
  }

  async mutate<T>(procedure: string, input: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api/trpc/${procedure}`, {
      method: "POST",
      headers: this.headers({ "content-type": "application/json" }),
      body: JSON.stringify(superjson.serialize(input)),
    });
    return this.result<T>(procedure, res);
  }

  private async result<T>(procedure: string, res: Response): Promise<T> {
    const text = await res.text();
    if (!res.ok) throw new Error(`${procedure} at ${this.baseUrl}: ${res.status} ${text.slice(0, 500)}`);
    const body = JSON.parse(text) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
    return superjson.deserialize<T>(body.result.data);
  }

  /**
   * Opens a subscription (SSE). `onData` gets each data event's raw JSON text; resolves once
   * the server has said it is connected. Close with the returned abort().
   */
  async subscribe(procedure: string, input: unknown, onData: (raw: string) => void): Promise<{ abort(): void }> {
    const controller = new AbortController();
    const q = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
    const res = await fetch(`${this.baseUrl}/api/trpc/${procedure}?input=${q}`, {
      headers: this.headers({ accept: "text/event-stream" }),
      signal: controller.signal,
    });
    if (!res.ok || !res.body) throw new Error(`${procedure} subscription at ${this.baseUrl}: ${res.status}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let connected!: () => void;
    const isConnected = new Promise<void>((r) => (connected = r));
    void (async () => {
      let buffer = "";
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: ?(.*)$/m.exec(block)?.[1];
            const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n");
            if (event === "connected") connected();
            else if (!event && data) onData(data);
          }
        }
      } catch {
        /* aborted */
      }
    })();
    await isConnected;
    return { abort: () => controller.abort() };
  }
}
