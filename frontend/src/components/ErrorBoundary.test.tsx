import { fireEvent, render, screen } from "@testing-library/react";
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
});
