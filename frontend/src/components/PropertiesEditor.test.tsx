import { fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { PropertiesEditor } from "./PropertiesEditor";

const NOTE = [
  "---",
  "# kept comment",
  "title: Plan # why",
  "count: 3",
  "done: false",
  "due: 2026-03-01",
  'author: "[[Ada Lovelace]]"',
  "tags:",
  "  - work",
  "  - 'q1'",
  "nested:",
  "  a: 1",
  "---",
  "Body text",
  "",
].join("\n");

// Harness keeps the Markdown in state, as the autosave session does, and records every change.
function Harness({ initial, onChange, onOpenLink = () => {} }: { initial: string; onChange(md: string): void; onOpenLink?(t: string): void }) {
  const [md, setMd] = useState(initial);
  return (
    <PropertiesEditor
      body={md}
      onChange={(next) => {
        onChange(next);
        setMd(next);
      }}
      onOpenLink={onOpenLink}
    />
  );
}

function row(key: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`li.property[data-key="${key}"]`);
  if (!el) throw new Error(`no row ${key}`);
  return el;
}

describe("PropertiesEditor", () => {
  it("shows typed fields and changes nothing when only shown", () => {
    localStorage.clear();
    const onChange = vi.fn();
    const { unmount } = render(<Harness initial={NOTE} onChange={onChange} />);
    expect((screen.getByLabelText("Value of title") as HTMLInputElement).value).toBe("Plan");
    expect((screen.getByLabelText("Value of count") as HTMLInputElement).type).toBe("number");
    expect((screen.getByLabelText("Value of done") as HTMLInputElement).checked).toBe(false);
    expect((screen.getByLabelText("Value of due") as HTMLInputElement).type).toBe("date");
    expect(within(row("tags")).getByText("#work")).toBeTruthy();
    expect(within(row("tags")).getByText("#q1")).toBeTruthy();
    // A nested map is shown as written, read-only.
    expect(screen.queryByLabelText("Value of nested")).toBeNull();
    expect(row("nested").querySelector("pre")?.textContent).toBe("  a: 1");
    // Focus in and out of a field without typing.
    const title = screen.getByLabelText("Value of title");
    fireEvent.focus(title);
    fireEvent.blur(title);
    unmount();
    expect(onChange).not.toHaveBeenCalled();
  });

  it("edits a text value on Enter, keeping every other byte", () => {
    const onChange = vi.fn();
    render(<Harness initial={NOTE} onChange={onChange} />);
    const title = screen.getByLabelText("Value of title");
    fireEvent.change(title, { target: { value: "Ship it" } });
    fireEvent.keyDown(title, { key: "Enter" });
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenLastCalledWith(NOTE.replace("title: Plan # why", "title: Ship it # why"));
    // Escape puts the value back without a change.
    fireEvent.change(title, { target: { value: "nope" } });
    fireEvent.keyDown(title, { key: "Escape" });
    fireEvent.blur(title);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect((title as HTMLInputElement).value).toBe("Ship it");
  });

  it("keeps what was typed when a shortcut may leave the note", () => {
    const onChange = vi.fn();
    render(<Harness initial={NOTE} onChange={onChange} />);
    const title = screen.getByLabelText("Value of title");
    fireEvent.change(title, { target: { value: "Typed" } });
    fireEvent.keyDown(title, { key: "ArrowLeft", altKey: true });
    expect(onChange).toHaveBeenLastCalledWith(NOTE.replace("title: Plan", "title: Typed"));
    const tag = screen.getByLabelText("Add a tag to tags");
    fireEvent.change(tag, { target: { value: "late" } });
    fireEvent.keyDown(tag, { key: "o", ctrlKey: true });
    expect(onChange.mock.lastCall![0]).toContain("  - 'q1'\n  - late\n");
  });

  it("toggles a checkbox, sets a number and a date", () => {
    const onChange = vi.fn();
    render(<Harness initial={NOTE} onChange={onChange} />);
    fireEvent.click(screen.getByLabelText("Value of done"));
    expect(onChange).toHaveBeenLastCalledWith(NOTE.replace("done: false", "done: true"));
    const count = screen.getByLabelText("Value of count");
    fireEvent.change(count, { target: { value: "4.5" } });
    fireEvent.blur(count);
    expect(onChange.mock.lastCall![0]).toContain("count: 4.5\n");
    fireEvent.change(screen.getByLabelText("Value of due"), { target: { value: "2026-04-02" } });
    expect(onChange.mock.lastCall![0]).toContain("due: 2026-04-02\n");
    expect(onChange.mock.lastCall![0]).toContain("done: true\n");
  });

  it("adds and removes tag chips", () => {
    const onChange = vi.fn();
    render(<Harness initial={NOTE} onChange={onChange} />);
    const input = screen.getByLabelText("Add a tag to tags");
    fireEvent.change(input, { target: { value: "#urgent" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onChange).toHaveBeenLastCalledWith(NOTE.replace("  - 'q1'\n", "  - 'q1'\n  - urgent\n"));
    fireEvent.click(screen.getByLabelText("Remove work from tags"));
    expect(onChange).toHaveBeenLastCalledWith(NOTE.replace("  - work\n  - 'q1'\n", "  - 'q1'\n  - urgent\n"));
  });

  it("opens a link value and edits it", () => {
    const onChange = vi.fn();
    const onOpenLink = vi.fn();
    render(<Harness initial={NOTE} onChange={onChange} onOpenLink={onOpenLink} />);
    fireEvent.click(within(row("author")).getByText("Ada Lovelace"));
    expect(onOpenLink).toHaveBeenCalledWith("Ada Lovelace");
    fireEvent.click(screen.getByLabelText("Edit Value of author"));
    const input = screen.getByLabelText("Value of author");
    fireEvent.change(input, { target: { value: "Charles Babbage" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onChange).toHaveBeenLastCalledWith(NOTE.replace('"[[Ada Lovelace]]"', '"[[Charles Babbage]]"'));
  });

  it("renames, removes and adds properties", () => {
    const onChange = vi.fn();
    render(<Harness initial={NOTE} onChange={onChange} />);
    const key = within(row("count")).getByLabelText("Property name");
    fireEvent.change(key, { target: { value: "total" } });
    fireEvent.keyDown(key, { key: "Enter" });
    expect(onChange).toHaveBeenLastCalledWith(NOTE.replace("count: 3", "total: 3"));
    // Renaming onto a taken name is refused and says why.
    const title = within(row("title")).getByLabelText("Property name");
    fireEvent.change(title, { target: { value: "done" } });
    fireEvent.keyDown(title, { key: "Enter" });
    expect(screen.getByRole("alert").textContent).toMatch(/already/);
    expect(onChange).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByLabelText("Remove property nested"));
    expect(onChange.mock.lastCall![0]).not.toContain("nested:");
    fireEvent.click(screen.getByText("+ Add property"));
    fireEvent.change(screen.getByLabelText("New property name"), { target: { value: "reviewed" } });
    fireEvent.change(screen.getByLabelText("New property type"), { target: { value: "checkbox" } });
    fireEvent.click(screen.getByText("Add"));
    expect(onChange.mock.lastCall![0]).toContain("  - 'q1'\nreviewed: false\n---\nBody text\n");
  });

  it("applies an edit to the freshest text, not the last rendered one", () => {
    const onChange = vi.fn();
    const fresher = NOTE.replace("Body text", "Body text typed since");
    render(<PropertiesEditor body={NOTE} current={() => fresher} onChange={onChange} onOpenLink={() => {}} />);
    fireEvent.click(screen.getByLabelText("Value of done"));
    expect(onChange).toHaveBeenCalledWith(fresher.replace("done: false", "done: true"));
  });

  it("makes a front matter block for a note without one, and shows a block it cannot read as read-only", () => {
    const onChange = vi.fn();
    const { unmount } = render(<Harness initial={"# Just text\n"} onChange={onChange} />);
    fireEvent.click(screen.getByText("+ Add property"));
    fireEvent.change(screen.getByLabelText("New property name"), { target: { value: "status" } });
    fireEvent.click(screen.getByText("Add"));
    expect(onChange).toHaveBeenLastCalledWith("---\nstatus:\n---\n# Just text\n");
    unmount();
    render(<Harness initial={"---\nnot a key line\na: 1\n---\n"} onChange={onChange} />);
    expect(screen.getByRole("note").textContent).toMatch(/Edit these in the text/);
    expect(screen.queryByText("+ Add property")).toBeNull();
    expect(screen.queryByLabelText("Value of a")).toBeNull();
  });

  it("collapses and remembers it", () => {
    localStorage.clear();
    const { unmount } = render(<Harness initial={NOTE} onChange={() => {}} />);
    fireEvent.click(screen.getByRole("button", { name: /Properties/ }));
    expect(screen.queryByLabelText("Value of title")).toBeNull();
    unmount();
    render(<Harness initial={NOTE} onChange={() => {}} />);
    expect(screen.queryByLabelText("Value of title")).toBeNull();
    expect(screen.getByRole("button", { name: /Properties/ }).getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(screen.getByRole("button", { name: /Properties/ }));
    expect(screen.getByLabelText("Value of title")).toBeTruthy();
  });
});
