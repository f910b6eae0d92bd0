import { describe, expect, it, vi } from "vitest";
import type { TitleMatch } from "../api";
import { LinkResolver } from "./linkResolver";

const m = (id: string, title: string, path = `${title}.md`, alias = ""): TitleMatch => ({ id, title, path, alias });

describe("LinkResolver", () => {
  it("resolves exact titles, paths and aliases among the title matches, not fuzzy ones", async () => {
    const lookup = vi.fn(async (text: string) =>
      text === "Ada" ? [m("2", "Adam"), m("1", "ada")] : text === "Countess" ? [m("1", "Ada", "Ada.md", "Countess")] : text === "people/Bob" ? [m("3", "Bob", "work/people/Bob.md")] : [m("9", "Close")],
    );
    const r = new LinkResolver(lookup);
    expect(await r.resolve("Ada")).toBe("1");
    expect(await r.resolve("Countess")).toBe("1");
    expect(await r.resolve("people/Bob")).toBe("3");
    expect(await r.resolve("Clsoe")).toBeNull();
    expect(r.get("ADA")).toBe("1");
    await r.resolve("ada");
    expect(lookup).toHaveBeenCalledTimes(4);
  });

  it("takes the backend's own resolution of the open note's links", () => {
    const r = new LinkResolver(vi.fn());
    const fn = vi.fn();
    r.subscribe(fn);
    r.seed([
      { target: "Known.md", anchor: "", alias: "", kind: "markdown", resolved_id: "k", resolved_title: "Known", attachment_id: "" },
      { target: "Missing", anchor: "", alias: "", kind: "wikilink", resolved_id: "", resolved_title: "", attachment_id: "" },
    ]);
    expect(r.get("known")).toBe("k");
    expect(r.get("./Known.md")).toBe("k");
    expect(r.get("Missing")).toBeNull();
    expect(r.get("Other")).toBeUndefined();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("asks once per target and forgets everything on clear", async () => {
    let answer: TitleMatch[] = [];
    const lookup = vi.fn(async () => answer);
    const r = new LinkResolver(lookup);
    r.request(["New", "new", "New"]);
    await r.resolve("New");
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(r.get("New")).toBeNull();
    answer = [m("n", "New")];
    r.clear();
    expect(r.get("New")).toBeUndefined();
    expect(await r.resolve("New")).toBe("n");
  });
});
