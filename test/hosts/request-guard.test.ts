import { describe, expect, it } from "vitest";
import { checkRequest } from "../../hosts/headless/request-guard.js";

const TOKEN = "s3cret-token-value";
const base = {
  host: "127.0.0.1:4555",
  origin: undefined,
  authorization: undefined,
  queryToken: null,
  isApi: true,
};

describe("the request guard", () => {
  it("lets the page itself load without a token (it holds no data)", () => {
    expect(checkRequest({ ...base, isApi: false }, 4555, TOKEN)).toEqual({ ok: true });
  });

  it("accepts the token as a bearer header or as ?token=", () => {
    expect(checkRequest({ ...base, authorization: `Bearer ${TOKEN}` }, 4555, TOKEN).ok).toBe(true);
    expect(checkRequest({ ...base, queryToken: TOKEN }, 4555, TOKEN).ok).toBe(true);
    expect(checkRequest({ ...base, queryToken: `${TOKEN}x` }, 4555, TOKEN)).toMatchObject({ status: 401 });
    expect(checkRequest({ ...base, authorization: `Basic ${TOKEN}` }, 4555, TOKEN)).toMatchObject({
      status: 401,
    });
  });

  it("refuses a rebinding page: any Host or Origin but this loopback port", () => {
    const authorized = { ...base, authorization: `Bearer ${TOKEN}` };
    for (const host of ["localhost:4555", "[::1]:4555", "LOCALHOST:4555"])
      expect(checkRequest({ ...authorized, host }, 4555, TOKEN).ok).toBe(true);
    for (const host of ["evil.example:4555", "127.0.0.1", "127.0.0.1:80", "127.0.0.2:4555", undefined])
      expect(checkRequest({ ...authorized, host }, 4555, TOKEN)).toMatchObject({ status: 403 });
    for (const origin of ["http://evil.example", "null", "https://127.0.0.1:4555", "http://127.0.0.1:4556"])
      expect(checkRequest({ ...authorized, origin }, 4555, TOKEN)).toMatchObject({ status: 403 });
    expect(checkRequest({ ...authorized, origin: "http://127.0.0.1:4555" }, 4555, TOKEN).ok).toBe(true);
  });
});
