// The e2e bridge's stand-in for the Wails runtime, loaded before the app's
// scripts (only when the bridge serves the page). window.__e2eBindings,
// prepended by the bridge, lists the bound methods per struct.
(() => {
  "use strict";

  const e2e = {
    // openedURLs records BrowserOpenURL calls: the system browser, never this window.
    openedURLs: [],
    // received records every backend event delivered to the page.
    received: [],
    // unknownRuntime records runtime functions the app called that the shim does not model.
    unknownRuntime: [],
  };
  let connected;
  e2e.connected = new Promise((resolve) => (connected = resolve));
  window.__e2e = e2e;

  // Bound methods: window.go.app.<Struct>.<Method>(...args) → POST /call/<Struct>/<Method>.
  // Wails rejects with new Error(<the ErrorFormatter's string>); so does this.
  const call = async (struct, method, args) => {
    let res;
    try {
      res = await fetch(`/call/${struct}/${method}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(args),
      });
    } catch (e) {
      throw new Error(`Call to app.${struct}.${method} failed: ${e && e.message}`);
    }
    const text = await res.text();
    if (!res.ok) throw new Error(text);
    return text === "" ? undefined : JSON.parse(text);
  };
  const go = { app: {} };
  for (const [struct, methods] of Object.entries(window.__e2eBindings || {})) {
    go.app[struct] = {};
    for (const m of methods) go.app[struct][m] = (...args) => call(struct, m, args);
  }
  window.go = go;

  // Events, with the semantics of Wails' desktop runtime (events.js).
  const listeners = {};
  const off = (listener) => {
    const list = listeners[listener.name];
    if (!list) return;
    listeners[listener.name] = list.filter((l) => l !== listener);
    if (listeners[listener.name].length === 0) delete listeners[listener.name];
  };
  const notify = (name, data) => {
    const snapshot = (listeners[name] || []).slice();
    for (let i = snapshot.length - 1; i >= 0; i--) {
      const l = snapshot[i];
      l.callback.apply(null, data);
      if (l.max !== -1 && --l.max === 0) off(l);
    }
  };
  const EventsOnMultiple = (name, callback, maxCallbacks) => {
    const l = { name, callback, max: maxCallbacks || -1 };
    (listeners[name] = listeners[name] || []).push(l);
    return () => off(l);
  };
  const source = new EventSource("/__e2e/events");
  source.onopen = () => connected();
  source.onmessage = (m) => {
    const ev = JSON.parse(m.data);
    e2e.received.push(ev);
    notify(ev.name, ev.data || []);
  };

  const noop = () => {};
  const resolved = (v) => () => Promise.resolve(v);
  let clipboard = "";
  const runtime = {
    LogPrint: noop,
    LogTrace: noop,
    LogDebug: noop,
    LogInfo: noop,
    LogWarning: noop,
    LogError: noop,
    LogFatal: noop,
    EventsOnMultiple,
    EventsOn: (name, cb) => EventsOnMultiple(name, cb, -1),
    EventsOnce: (name, cb) => EventsOnMultiple(name, cb, 1),
    EventsOff: (name, ...more) => [name, ...more].forEach((n) => delete listeners[n]),
    EventsOffAll: () => Object.keys(listeners).forEach((n) => delete listeners[n]),
    // Frontend-emitted events reach frontend listeners; the app has no Go listeners.
    EventsEmit: (name, ...data) => notify(name, data),
    BrowserOpenURL: (url) => {
      e2e.openedURLs.push(String(url));
    },
    Environment: resolved({ buildType: "e2e", platform: "linux", arch: "amd64" }),
    ClipboardGetText: () => Promise.resolve(clipboard),
    ClipboardSetText: (t) => {
      clipboard = String(t);
      return Promise.resolve(true);
    },
    WindowGetSize: resolved({ w: window.innerWidth, h: window.innerHeight }),
    WindowGetPosition: resolved({ x: 0, y: 0 }),
    WindowIsFullscreen: resolved(false),
    WindowIsMaximised: resolved(false),
    WindowIsMinimised: resolved(false),
    WindowIsNormal: resolved(true),
    ScreenGetAll: resolved([]),
    OnFileDrop: noop,
    OnFileDropOff: noop,
    CanResolveFilePaths: () => false,
    ResolveFilePaths: noop,
    WindowReload: () => location.reload(),
    WindowReloadApp: () => location.reload(),
    Quit: noop,
    Hide: noop,
    Show: noop,
  };
  // Window* setters and anything else the shim does not model are recorded no-ops.
  window.runtime = new Proxy(runtime, {
    get(target, prop) {
      if (prop in target || typeof prop !== "string") return target[prop];
      e2e.unknownRuntime.push(prop);
      return noop;
    },
  });
})();
