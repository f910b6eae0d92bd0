import { fireEvent, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  getStatus: vi.fn(),
}));

import * as api from "../api";
import { AboutDialog } from "./About";

beforeEach(() => {
  vi.resetAllMocks();
});

describe("AboutDialog", () => {
  it("shows the stamped version, PostgreSQL and the data folder", async () => {
    vi.mocked(api.getStatus).mockResolvedValue({
      ready: true,
      error: null,
      version: "v1.2.3",
      postgres: { ok: true, mode: "embedded", version: "15.18", data_dir: "/home/me/.local/share/secondbrain", owned: true },
    });
    render(<AboutDialog onClose={vi.fn()} />);
    expect((await screen.findByLabelText("Version")).textContent).toBe("Version v1.2.3");
    expect(screen.getByLabelText("PostgreSQL").textContent).toBe("PostgreSQL 15.18 (embedded)");
    expect(screen.getByLabelText("Data folder").textContent).toContain("/home/me/.local/share/secondbrain");
    expect(screen.getByLabelText("Data folder").textContent).toContain("Uninstalling the app leaves this folder alone");
  });

  it("says why the status is missing and closes on Escape", async () => {
    vi.mocked(api.getStatus).mockRejectedValue(JSON.stringify({ code: "unavailable", message: "backend not ready" }));
    const onClose = vi.fn();
    render(<AboutDialog onClose={onClose} />);
    expect((await screen.findByRole("alert")).textContent).toBe("backend not ready");
    fireEvent.keyDown(window, { key: "Escape" });
    expect(onClose).toHaveBeenCalled();
  });
});
