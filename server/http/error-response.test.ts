import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../errors";
import { throttledError } from "../auth/throttle-message";
import { errorBody, errorResponse } from "./error-response";

// One error shape for every plain route: status from the AppError code, the same `data` as a
// tRPC error, and the catalogue's words in both languages.

describe("errorResponse", () => {
  it.each<[AppError, number, string]>([
    [new AppError("PAYLOAD_TOO_LARGE", "import.errors.UNPACKED_TOO_LARGE"), 413, "文件解压后的内容过大"],
    [new AppError("SERVICE_UNAVAILABLE", "import.errors.BUSY"), 503, "服务器正在处理其他导入"],
    [new AppError("UNSUPPORTED_MEDIA_TYPE", "import.errors.UNSUPPORTED_TYPE"), 415, "不支持该文件类型"],
    [new AppError("FORBIDDEN", "CROSS_SITE_REQUEST"), 403, "请求来自其他网站"],
    [new AppError("UNAUTHORIZED", "login.invalid_credentials"), 401, "用户名或密码错误"],
    [throttledError(125), 429, "请 3 分钟后再试"],
    [throttledError(12), 429, "请 12 秒后再试"],
    [new AppError("NOT_FOUND", "notFound"), 404, "您访问的内容不存在"],
    [new AppError("CONFLICT", "no.such.key"), 409, "与现有数据冲突"],
  ])("%s → %i with the catalogue's words", async (e, status, zh) => {
    const res = errorResponse(e);
    expect(res.status).toBe(status);
    const body = (await res.json()) as ReturnType<typeof errorBody>;
    expect(body.error.message).toContain(zh);
    expect(body.error.messageEn).toMatch(/^[\x20-\x7e]+$/u);
    expect(body.error.data).toMatchObject({ code: e.code, httpStatus: status, appError: { messageKey: e.messageKey, params: e.params } });
  });

  it("carries zod issues like the tRPC formatter", async () => {
    const parsed = z.object({ title: z.string().min(1, "validation.required") }).safeParse({ title: "" });
    const res = errorResponse(new AppError("BAD_REQUEST", "import.errors.VALIDATION"), { zod: parsed.error! });
    expect(((await res.json()) as ReturnType<typeof errorBody>).error.data.zodIssues).toEqual([{ path: ["title"], message: "validation.required" }]);
  });
});
