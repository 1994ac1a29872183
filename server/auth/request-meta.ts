// server/main.ts writes the client's address into this header on every request
// (overwriting anything a client sent), honouring X-Forwarded-For only with TRUST_PROXY.
export const CLIENT_IP_HEADER = "x-xieshen-client-ip";

export function requestMeta(headers: Headers) {
  return {
    ip: headers.get(CLIENT_IP_HEADER),
    userAgent: headers.get("user-agent"),
  };
}
