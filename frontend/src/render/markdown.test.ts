import { describe, expect, it } from "vitest";
import { renderMarkdown, sanitizeSnippet, splitFrontMatter } from "./markdown";

// hostile are note bodies that try to run code in the webview.
const hostile: { name: string; body: string }[] = [
  { name: "script tag", body: "hi <script>window.pwned = 1</script>" },
  { name: "img onerror", body: '<img src=x onerror="window.pwned = 1">' },
  { name: "javascript link", body: "[click](javascript:window.pwned=1)" },
  { name: "javascript href html", body: '<a href="javascript:window.pwned=1">x</a>' },
  { name: "entity-encoded javascript", body: '<a href="&#106;avascript:window.pwned=1">x</a>' },
  { name: "iframe", body: '<iframe src="https://example.com"></iframe>' },
  { name: "object", body: '<object data="x.swf"></object><embed src="x.swf">' },
  { name: "svg onload", body: '<svg onload="window.pwned=1"><circle r="1"/></svg>' },
  { name: "style attribute", body: '<p style="position:fixed;inset:0">cover</p>' },
  { name: "form", body: '<form action="https://evil"><input name=a><button>go</button></form>' },
  { name: "data html url", body: "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)" },
  { name: "vbscript", body: '<a href="vbscript:msgbox(1)">x</a>' },
  { name: "wikilink breaking out of attribute", body: '[[a" onmouseover="window.pwned=1]]' },
  { name: "meta refresh", body: '<meta http-equiv="refresh" content="0;url=https://evil">' },
  { name: "base href", body: '<base href="https://evil/">' },
];

function dom(html: string): HTMLElement {
  const d = document.createElement("div");
  d.innerHTML = html;
  return d;
}

describe("renderMarkdown with hostile notes", () => {
  for (const tc of hostile) {
    it(`neutralises ${tc.name}`, () => {
      const { html } = renderMarkdown(tc.body);
      const d = dom(html);
      expect(d.querySelector("script, iframe, object, embed, svg, form, input, button, meta, base, style")).toBeNull();
      for (const el of Array.from(d.querySelectorAll("*"))) {
        for (const attr of Array.from(el.attributes)) {
          expect(attr.name.startsWith("on"), `${el.tagName} has ${attr.name}`).toBe(false);
          expect(attr.name).not.toBe("style");
          if (attr.name === "href" || attr.name === "src") {
            expect(attr.value).toMatch(/^(https?:|mailto:|#|data:image\/)/i);
          }
        }
      }
    });
  }
});

describe("renderMarkdown", () => {
  it("renders wikilinks, aliases, headings and embeds as in-app links", () => {
    const d = dom(renderMarkdown("See [[Ada Lovelace|Ada]], [[Engine#Design]] and ![[Design doc]].").html);
    const links = Array.from(d.querySelectorAll("a.wikilink"));
    expect(links.map((a) => [a.textContent, a.getAttribute("data-note")])).toEqual([
      ["Ada", "Ada Lovelace"],
      ["Engine#Design", "Engine"],
      ["Design doc", "Design doc"],
    ]);
    expect(links[2].classList.contains("embed")).toBe(true);
  });

  it("shows embedded images from the attachment route and nothing outside it", () => {
    const d = dom(renderMarkdown("![[Pasted image 1.png]] <img src=\"/attachments/../x\"> <img src=\"file:///etc/passwd\">").html);
    const imgs = Array.from(d.querySelectorAll("img"));
    expect(imgs.map((i) => i.getAttribute("src"))).toEqual(["/attachments/Pasted%20image%201.png", null, null]);
  });

  it("keeps code literal: no links or tags inside code", () => {
    const d = dom(renderMarkdown("`[[not a link]]` #real\n\n```\n[[nor this]] #nope\n```").html);
    expect(d.querySelectorAll("a.wikilink")).toHaveLength(0);
    expect(Array.from(d.querySelectorAll(".tag")).map((t) => t.textContent)).toEqual(["#real"]);
  });

  it("renders nested tags, tasks and external links", () => {
    const d = dom(renderMarkdown("- [ ] todo #a/b\n- [x] done\n\n[site](https://example.com)").html);
    expect(d.querySelector(".tag")?.getAttribute("data-tag")).toBe("a/b");
    expect(Array.from(d.querySelectorAll(".task")).map((t) => t.getAttribute("aria-label"))).toEqual(["to do", "done"]);
    expect(d.textContent).toContain("todo");
    const a = d.querySelector('a[href="https://example.com"]');
    expect(a?.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it("splits front matter off the body", () => {
    expect(splitFrontMatter("---\ntype: person\n---\n# Ada")).toEqual({ frontMatter: "type: person", body: "# Ada" });
    expect(splitFrontMatter("no front matter")).toEqual({ frontMatter: "", body: "no front matter" });
    expect(renderMarkdown("---\na: 1\n---\ntext").html).not.toContain("a: 1");
  });
});

describe("sanitizeSnippet", () => {
  it("keeps mark and drops everything else", () => {
    expect(sanitizeSnippet('a <mark>b</mark> <img src=x onerror=alert(1)><b>c</b>')).toBe("a <mark>b</mark> c");
  });
});

describe("callouts", () => {
  it("renders > [!type] Title blockquotes as titled boxes", () => {
    const d = dom(renderMarkdown("> [!warning] Mind *the* gap\n> body **text**\n\n> [!tip]\n> no title\n\n> plain quote").html);
    const boxes = Array.from(d.querySelectorAll(".callout"));
    expect(boxes.map((b) => b.className)).toEqual(["callout callout-warning", "callout callout-tip"]);
    expect(boxes[0].querySelector(".callout-title")?.textContent).toBe("⚠ Mind the gap");
    expect(boxes[0].querySelector(".callout-title em")?.textContent).toBe("the");
    expect(boxes[0].querySelector(".callout-content strong")?.textContent).toBe("text");
    expect(boxes[1].querySelector(".callout-title")?.textContent).toBe("✦ Tip");
    expect(d.querySelector("blockquote")?.textContent?.trim()).toBe("plain quote");
  });

  it("keeps a hostile callout title harmless", () => {
    const d = dom(renderMarkdown('> [!note] <img src=x onerror="window.pwned=1">\n> x').html);
    expect(d.querySelector("[onerror]")).toBeNull();
    expect(d.querySelector(".callout-title")).not.toBeNull();
  });
});

describe("renderMarkdown footnotes", () => {
  it("renders references as superscript links to a footnotes section with back-links", () => {
    const body = "A claim[^1] and a named one[^note], again[^1].\n\n[^1]: Smith 2020.\n[^note]: See [[Ada]].\n    A second line.\n\n    Second paragraph.\n\nAfter.\n";
    const d = dom(renderMarkdown(body).html);
    const refs = Array.from(d.querySelectorAll("sup.footnote-ref a"));
    expect(refs.map((a) => a.textContent)).toEqual(["1", "2", "1"]);
    const section = d.querySelector("section.footnotes");
    expect(section).not.toBeNull();
    const items = Array.from(section!.querySelectorAll("ol > li"));
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toContain("Smith 2020.");
    expect(items[1].querySelector("a.wikilink")?.getAttribute("data-note")).toBe("Ada");
    expect(items[1].textContent).toContain("A second line.");
    expect(items[1].textContent).toContain("Second paragraph.");
    // every reference points at its footnote, every back-link at a reference
    for (const a of refs) expect(d.querySelector(`[id="${a.getAttribute("data-footnote")}"]`)).not.toBeNull();
    const back = Array.from(section!.querySelectorAll("a.footnote-backref"));
    expect(back).toHaveLength(3);
    for (const a of back) expect(d.querySelector(`[id="${a.getAttribute("data-footnote")}"]`)?.tagName).toBe("A");
    // the definitions are not shown in place, and are no links
    expect(d.textContent).not.toContain("[^");
    expect(d.querySelector("section.footnotes")).toBe(d.lastElementChild);
    expect(d.textContent).toContain("After.");
  });

  it("renders inline footnotes and leaves undefined references as text", () => {
    const d = dom(renderMarkdown("Text^[an *aside*] and [^missing] end.\n").html);
    expect(d.querySelector("sup.footnote-ref a")?.textContent).toBe("1");
    expect(d.querySelector("section.footnotes li em")?.textContent).toBe("aside");
    expect(d.textContent).toContain("[^missing]");
  });

  it("keeps footnote syntax in code as written", () => {
    const d = dom(renderMarkdown("`[^1]`\n\n```\n[^1]: x\n```\n\n[^1]: def\n").html);
    expect(d.querySelector("code")?.textContent).toBe("[^1]");
    expect(d.querySelector("pre code")?.textContent).toContain("[^1]: x");
  });

  it("sanitizes footnote text", () => {
    const d = dom(renderMarkdown('x[^a] y^[<img src=x onerror="window.pwned=1">]\n\n[^a]: <script>window.pwned=1</script>[bad](javascript:alert(1))\n').html);
    expect(d.querySelector("script")).toBeNull();
    for (const el of Array.from(d.querySelectorAll("*"))) {
      for (const attr of Array.from(el.attributes)) expect(attr.name.startsWith("on")).toBe(false);
    }
    for (const a of Array.from(d.querySelectorAll("a[href]"))) expect(a.getAttribute("href")).toMatch(/^(#|https?:|mailto:)/);
  });

  it("gives each render its own footnote ids", () => {
    const a = dom(renderMarkdown("x[^1]\n\n[^1]: y\n").html).querySelector("li")?.id;
    const b = dom(renderMarkdown("x[^1]\n\n[^1]: y\n").html).querySelector("li")?.id;
    expect(a).toBeTruthy();
    expect(a).not.toBe(b);
  });
});
