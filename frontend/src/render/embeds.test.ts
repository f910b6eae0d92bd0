import { describe, expect, it } from "vitest";
import { fillEmbed, fillEmbeds, headingSection, MAX_EMBED_DEPTH, splitEmbed, type EmbedSource } from "./embeds";
import { renderMarkdown } from "./markdown";

// source serves notes by title (case aside) and counts the loads.
function source(notes: Record<string, string>): EmbedSource & { loads: string[] } {
  const loads: string[] = [];
  const fn = async (title: string) => {
    loads.push(title);
    const key = Object.keys(notes).find((k) => k.toLowerCase() === title.toLowerCase());
    return key === undefined ? null : { title: key, body: notes[key] };
  };
  return Object.assign(fn, { loads });
}

async function reading(body: string, src: EmbedSource, title = "Home"): Promise<HTMLElement> {
  const d = document.createElement("div");
  d.innerHTML = renderMarkdown(body).html;
  await fillEmbeds(d, src, [title.toLowerCase()]);
  return d;
}

describe("headingSection", () => {
  const doc = "---\na: 1\n---\n# Top\nintro\n## Part A\na text\n### Deeper\nd\n## Part B\nb text\n```\n# not a heading\n```\n# Next";
  it("takes the heading and what follows up to the next heading of its level or higher", () => {
    expect(headingSection(doc, "Part A")).toBe("## Part A\na text\n### Deeper\nd");
    expect(headingSection(doc, "part b")).toBe("## Part B\nb text\n```\n# not a heading\n```");
    expect(headingSection(doc, "Next")).toBe("# Next");
    expect(headingSection(doc, "not a heading")).toBeNull();
    expect(headingSection(doc, "Missing")).toBeNull();
  });
  it("splits targets", () => {
    expect(splitEmbed(" Note # Part ")).toEqual({ note: "Note", heading: "Part" });
    expect(splitEmbed("Note")).toEqual({ note: "Note", heading: "" });
  });
});

describe("embeds", () => {
  it("renders the embedded note in a box titled with a link to it", async () => {
    const src = source({ Other: "---\nsecret: front\n---\nHello **there**" });
    const d = await reading("Before\n\n![[Other]]\n\nAfter", src);
    const box = d.querySelector(".embed-box")!;
    expect(box.querySelector(".embed-title a.wikilink")?.getAttribute("data-note")).toBe("Other");
    expect(box.querySelector(".embed-body strong")?.textContent).toBe("there");
    expect(box.textContent).not.toContain("secret");
  });

  it("renders only the heading's section for Note#Heading", async () => {
    const src = source({ Other: "# A\nalpha\n# B\nbeta" });
    const d = await reading("![[Other#B]]", src);
    expect(d.querySelector(".embed-title")?.textContent).toBe("Other › B");
    expect(d.querySelector(".embed-body")?.textContent).toContain("beta");
    expect(d.querySelector(".embed-body")?.textContent).not.toContain("alpha");
  });

  it("shows a missing note or heading as such", async () => {
    const src = source({ Other: "# A\nalpha" });
    const d = await reading("![[Nowhere]]\n\n![[Other#Z]]", src);
    const msgs = Array.from(d.querySelectorAll(".embed-missing .embed-message")).map((m) => m.textContent);
    expect(msgs).toEqual(["No note named “Nowhere”.", "“Other” has no heading “Z”."]);
  });

  it("stops at a note embedding itself, a cycle, and past the depth limit", async () => {
    const src = source({ Home: "![[Home]]", A: "a ![[B]]", B: "b ![[A]]", L0: "![[L1]]", L1: "![[L2]]", L2: "![[L3]]", L3: "![[L4]]", L4: "end" });
    const self = await reading("![[Home]]", src);
    expect(self.querySelector(".embed-cycle")).not.toBeNull();
    expect(self.querySelectorAll(".embed-box").length).toBe(1);

    const cycle = await reading("![[A]]", src);
    expect(cycle.querySelectorAll(".embed-box").length).toBe(3); // A, B in A, and A again stopped
    expect(cycle.querySelectorAll(".embed-cycle").length).toBe(1);

    src.loads.length = 0;
    const deep = await reading("![[L0]]", src);
    expect(deep.querySelectorAll(".embed-body").length).toBe(MAX_EMBED_DEPTH);
    expect(deep.querySelector(".embed-deep")).not.toBeNull();
    expect(src.loads.length).toBe(MAX_EMBED_DEPTH);
  });

  it("sanitizes a hostile embedded note", async () => {
    const src = source({
      Evil: '<img src=x onerror="window.pwned=1"><script>window.pwned=1</script>[x](javascript:alert(1))\n\n![[Evil2]]',
      Evil2: '<iframe src="https://evil"></iframe><a href="javascript:1" onclick="x()">y</a>',
    });
    const box = document.createElement("div");
    await fillEmbed(box, 'Evil"><script>alert(1)</script>', src, []);
    expect(box.querySelector("script")).toBeNull();
    expect(box.querySelector(".embed-title a")?.textContent).toBe('Evil"><script>alert(1)</script>');
    const d = await reading("![[Evil]]", src);
    expect(d.querySelector("script, iframe")).toBeNull();
    for (const el of Array.from(d.querySelectorAll("*"))) {
      for (const attr of Array.from(el.attributes)) {
        expect(attr.name.startsWith("on"), `${el.tagName} has ${attr.name}`).toBe(false);
        if (attr.name === "href" || attr.name === "src") expect(attr.value).toMatch(/^(https?:|#|\/attachments\/)/);
      }
    }
  });

  it("a load that fails shows as such", async () => {
    const box = document.createElement("div");
    await fillEmbed(box, "Other", () => Promise.reject(new Error("down")), []);
    expect(box.textContent).toContain("could not be loaded");
  });
});
