import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { ErrorBoundary } from "./ErrorBoundary";

let explode = true;
function Fragile() {
  if (explode) throw new Error("<b>boom</b>");
  return <p>fine now</p>;
}

describe("ErrorBoundary", () => {
  it("shows what failed as text instead of blanking the window, and tries again", () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    render(
      <div>
        <p>the rest of the window</p>
        <ErrorBoundary what="The graph view" actions={<button type="button">Close graph</button>}>
          <Fragile />
        </ErrorBoundary>
      </div>,
    );
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("The graph view stopped working: <b>boom</b>");
    expect(alert.querySelector("b")).toBeNull(); // the message is text, never markup
    expect(screen.getByText("the rest of the window")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Close graph" })).toBeTruthy();
    expect(quiet).toHaveBeenCalled();

    explode = false;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(screen.getByText("fine now")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
    quiet.mockRestore();
  });

  it("renders afresh when resetKey changes, and keeps a working part mounted", () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    let mounts = 0;
    function Counted({ id }: { id: string }) {
      const [mountedAs] = useState(() => {
        mounts++;
        return id;
      });
      if (id === "bad") throw new Error("bad note");
      return <p>note {id}, mounted as {mountedAs}</p>;
    }
    const view = (id: string) => (
      <ErrorBoundary what="This note's view" resetKey={id}>
        <Counted id={id} />
      </ErrorBoundary>
    );
    const { rerender } = render(view("a"));
    rerender(view("b"));
    expect(screen.getByText("note b, mounted as a")).toBeTruthy(); // not remounted
    rerender(view("bad"));
    expect(screen.getByRole("alert").textContent).toContain("bad note");
    rerender(view("c"));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByText(/^note c/)).toBeTruthy();
    expect(mounts).toBeGreaterThan(1); // after the failure it was mounted again
    quiet.mockRestore();
  });
});
