import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { ErrorBoundary } from "./components/ErrorBoundary";
import "./style.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ErrorBoundary
      what="Second Brain"
      actions={
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      }
    >
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
