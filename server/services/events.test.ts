import { describe, expect, it } from "vitest";
import { createEventBus, eventStream, type AppEvent } from "./events";

// The events bus's async iterator, as the SSE subscriptions use it.

const isComments = (e: AppEvent): e is Extract<AppEvent, { type: "comments.changed" }> => e.type === "comments.changed";

describe("eventStream", () => {
  it("listens from the moment it is made: an event before the first next() is not lost", async () => {
    const bus = createEventBus();
    const stream = eventStream({ accept: isComments, bus });
    await bus.publish({ type: "comments.changed", draftId: "d1", threadId: "t1" });
    await bus.publish({ type: "notifications.changed", userId: "u" }); // not accepted
    await bus.publish({ type: "comments.changed", draftId: "d1", threadId: "t2" });
    expect((await stream.next()).value).toMatchObject({ threadId: "t1" });
    expect((await stream.next()).value).toMatchObject({ threadId: "t2" });
    await stream.return?.();
  });

  it("stops at once on return() or abort, even while waiting, and stops listening", async () => {
    const bus = createEventBus();
    const controller = new AbortController();
    const a = eventStream({ accept: isComments, bus, signal: controller.signal });
    const waiting = a.next();
    controller.abort();
    expect(await waiting).toEqual({ value: undefined, done: true });
    const b = eventStream({ accept: isComments, bus });
    const waitingB = b.next();
    await b.return?.();
    expect(await waitingB).toEqual({ value: undefined, done: true });
    // Neither hears anything any more.
    await bus.publish({ type: "comments.changed", draftId: "d" });
    expect(await b.next()).toEqual({ value: undefined, done: true });
  });

  it("keeps the newest events when the reader falls behind", async () => {
    const bus = createEventBus();
    const stream = eventStream({ accept: isComments, bus, maxQueue: 3 });
    for (let i = 0; i < 10; i++) await bus.publish({ type: "comments.changed", draftId: "d", threadId: `t${i}` });
    const got = [];
    for (let i = 0; i < 3; i++) got.push((await stream.next()).value?.threadId);
    expect(got).toEqual(["t7", "t8", "t9"]);
    await stream.return?.();
  });
});
