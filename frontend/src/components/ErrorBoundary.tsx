import { Component, type ReactNode } from "react";

/** ErrorBoundaryProps: what the failing part is called (for the message), and what to offer instead. */
export interface ErrorBoundaryProps {
  /** what failed, in words: "The graph view", "Second Brain" */
  what: string;
  /** shown beside "Try again": e.g. a Close button for a view */
  actions?: ReactNode;
  /**
   * resetKey: when it changes (another note opened), a failure shown is
   * cleared and the part rendered afresh, without remounting it while it works.
   */
  resetKey?: unknown;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * ErrorBoundary keeps a part of the window that throws while rendering from
 * taking the whole window down (React unmounts everything above the nearest
 * boundary): it shows what failed, with the error's message as text, and
 * "Try again" renders the part afresh. Notes are never lost by this: they
 * are saved by the backend, not held here.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidUpdate(prev: ErrorBoundaryProps) {
    if (this.state.error && prev.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  componentDidCatch(error: unknown) {
    // The console is where a developer (and the e2e harness) looks.
    console.error(`${this.props.what} failed:`, error);
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="banner banner-error error-boundary" role="alert">
        <p>
          {this.props.what} stopped working: {error.message}
        </p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
        {this.props.actions}
      </div>
    );
  }
}
