// The plumbing every feature module shares: the error type the backend's
// rejections become, and call, which wraps a bound method so that it throws
// one.
/** ErrorCode is the machine-readable kind of a backend error. */
export type ErrorCode = "invalid" | "not_found" | "conflict" | "unavailable" | "canceled" | "internal";

const codes: ReadonlySet<string> = new Set<ErrorCode>([
  "invalid",
  "not_found",
  "conflict",
  "unavailable",
  "canceled",
  "internal",
]);

/** AppError is every error the backend reports; switch on code, never on message. */
export class AppError extends Error {
  /** code says what kind of failure this is. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "AppError";
    this.code = code;
  }
}

function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === "string" && codes.has(v);
}

function fromObject(v: unknown): AppError | null {
  if (typeof v !== "object" || v === null) return null;
  const o = v as { code?: unknown; message?: unknown };
  if (!isErrorCode(o.code)) return null;
  return new AppError(o.code, typeof o.message === "string" ? o.message : "");
}

function fromText(text: string): AppError {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      const parsed = fromObject(JSON.parse(trimmed));
      if (parsed) return parsed;
    } catch {
      // Not JSON after all: fall through to a plain message.
    }
  }
  return new AppError("internal", trimmed || "Something went wrong.");
}

/**
 * parseError turns whatever a bound method rejected with into an AppError:
 * the formatter's JSON string, a plain string, an Error (whose message may
 * itself be the JSON), or an object that already has code and message.
 */
export function parseError(reason: unknown): AppError {
  if (reason instanceof AppError) return reason;
  if (typeof reason === "string") return fromText(reason);
  if (reason instanceof Error) return fromText(reason.message);
  const obj = fromObject(reason);
  if (obj) return obj;
  return new AppError("internal", "Something went wrong.");
}

/** call runs a bound method and turns its rejection into an AppError. */
export async function call<T>(p: () => Promise<T>): Promise<T> {
  try {
    return await p();
  } catch (reason) {
    throw parseError(reason);
  }
}

/** Plain is a generated model without its methods (convertValues): the data the backend sends. */
export type Plain<T> = { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K] };
