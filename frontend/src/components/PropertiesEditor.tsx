import { memo, useMemo, useRef, useState, type KeyboardEvent } from "react";
import "./PropertiesEditor.css";
import {
  addProperty,
  defaultValue,
  isDate,
  isTagKey,
  parseFrontMatter,
  removeProperty,
  renameProperty,
  setProperty,
  type PropType,
  type PropValue,
  type Property,
} from "../editing/frontmatter";

/** PropertiesEditorProps: the note's Markdown and where an edit of its front matter goes. */
export interface PropertiesEditorProps {
  /** body is the note's Markdown as last rendered. */
  body: string;
  /**
   * current returns the note's freshest Markdown (the autosave session's), to
   * which an edit is applied, so text typed meanwhile in the editor is kept.
   */
  current?(): string;
  /** onChange receives the whole Markdown after an edit; it saves through the normal save path. */
  onChange(body: string): void;
  /** onOpenLink opens the note a [[link]] value names (the text inside the brackets). */
  onOpenLink(target: string): void;
}

const COLLAPSED_KEY = "sb.properties.collapsed";

const TYPES: { type: PropType; label: string }[] = [
  { type: "text", label: "Text" },
  { type: "list", label: "List" },
  { type: "number", label: "Number" },
  { type: "checkbox", label: "Checkbox" },
  { type: "date", label: "Date" },
  { type: "link", label: "Link" },
];

const ICONS: Record<PropType, string> = { text: "T", list: "≡", number: "#", checkbox: "☑", date: "▦", link: "↗", raw: "{}" };

function readCollapsed(): boolean {
  try {
    return localStorage.getItem(COLLAPSED_KEY) === "1";
  } catch {
    return false;
  }
}

/** linkTarget is the note a link's inside names: without its #heading and |alias. */
export function linkTarget(inner: string): string {
  return inner.split("|")[0].split("#")[0].trim();
}

/**
 * PropertiesEditor shows a note's front matter as typed fields above the
 * editor — text, list, number, checkbox, date and link values, tags as
 * chips — and writes each edit into the Markdown through the front-matter
 * line editor (editing/frontmatter), so every other byte stays as written.
 * Values it cannot type (nested maps, block text…) show read-only.
 */
export const PropertiesEditor = memo(function PropertiesEditor({ body, current, onChange, onOpenLink }: PropertiesEditorProps) {
  const fm = useMemo(() => parseFrontMatter(body), [body]);
  const [collapsed, setCollapsed] = useState(readCollapsed);
  const [error, setError] = useState("");
  const [adding, setAdding] = useState(false);
  const latest = useRef(current);
  latest.current = current;

  // apply runs an edit on the freshest text and hands the result on; a refused edit shows why.
  const apply = (edit: (md: string) => string): boolean => {
    const md = latest.current?.() ?? body;
    try {
      const next = edit(md);
      setError("");
      if (next !== md) onChange(next);
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    }
  };

  const toggle = () => {
    setCollapsed((c) => {
      try {
        localStorage.setItem(COLLAPSED_KEY, c ? "0" : "1");
      } catch {
        // Private mode: the choice lasts for this window.
      }
      return !c;
    });
  };

  const readOnly = !!fm.error;
  return (
    <section className={`properties${collapsed ? " collapsed" : ""}`} aria-label="Properties">
      <div className="properties-head">
        <button type="button" className="properties-toggle" aria-expanded={!collapsed} onClick={toggle}>
          {collapsed ? "▸" : "▾"} Properties <span className="count">{fm.props.length}</span>
        </button>
        {!collapsed && !readOnly && !adding && (
          <button type="button" className="link" onClick={() => setAdding(true)}>
            + Add property
          </button>
        )}
      </div>
      {!collapsed && (
        <>
          {readOnly && (
            <p className="muted properties-note" role="note">
              Edit these in the text: {fm.error}.
            </p>
          )}
          {fm.props.length > 0 && (
            <ul className="properties-list">
              {fm.props.map((p) => (
                <PropertyRow
                  key={`${p.key}@${p.start}`}
                  prop={p}
                  readOnly={readOnly}
                  onRename={(next) => apply((md) => renameProperty(md, p.key, next))}
                  onSet={(v) => apply((md) => setProperty(md, p.key, v))}
                  onRemove={() => apply((md) => removeProperty(md, p.key))}
                  onOpenLink={onOpenLink}
                />
              ))}
            </ul>
          )}
          {adding && (
            <NewProperty
              onAdd={(key, type) => {
                if (apply((md) => addProperty(md, key, defaultValue(type)))) setAdding(false);
              }}
              onCancel={() => {
                setAdding(false);
                setError("");
              }}
            />
          )}
          {error && (
            <p className="inline-error" role="alert">
              {error}
            </p>
          )}
        </>
      )}
    </section>
  );
});

interface RowProps {
  prop: Property;
  readOnly: boolean;
  onRename(next: string): boolean;
  onSet(v: PropValue): boolean;
  onRemove(): void;
  onOpenLink(target: string): void;
}

function PropertyRow({ prop, readOnly, onRename, onSet, onRemove, onOpenLink }: RowProps) {
  const v = prop.value;
  const editable = !readOnly && v.type !== "raw";
  return (
    <li className={`property property-${v.type}`} data-key={prop.key}>
      <span className="property-icon" title={v.type === "raw" ? "Shown as written" : v.type} aria-hidden="true">
        {ICONS[v.type]}
      </span>
      {readOnly ? (
        <span className="property-key">{prop.key}</span>
      ) : (
        <CommitInput className="property-key" label="Property name" value={prop.key} onCommit={onRename} />
      )}
      <div className="property-value">
        {editable ? <ValueEditor prop={prop} onSet={onSet} onOpenLink={onOpenLink} /> : <pre className="property-raw">{v.value as string}</pre>}
      </div>
      {!readOnly && (
        <button type="button" className="property-remove" aria-label={`Remove property ${prop.key}`} title="Remove property" onClick={onRemove}>
          ×
        </button>
      )}
    </li>
  );
}

/** CommitInput is a text field that commits on Enter or leaving it, and reverts on Escape. */
function CommitInput({
  value,
  label,
  className,
  type = "text",
  placeholder,
  onCommit,
}: {
  value: string;
  label: string;
  className?: string;
  type?: string;
  placeholder?: string;
  onCommit(next: string): boolean | void;
}) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  // A new value from outside (the note changed) replaces what the field shows.
  if (shown !== value) {
    setShown(value);
    setText(value);
  }
  const commit = () => {
    if (text === value) return;
    if (onCommit(text) === false) setText(value);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // A shortcut (Ctrl/Cmd/Alt) may leave the note: what was typed is kept first, as the editor does.
    if (e.ctrlKey || e.metaKey || e.altKey) commit();
    else if (e.key === "Enter") {
      e.preventDefault();
      commit();
    } else if (e.key === "Escape") {
      e.preventDefault();
      setText(value);
    }
  };
  return (
    <input
      className={className}
      type={type}
      aria-label={label}
      placeholder={placeholder}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={onKeyDown}
    />
  );
}

function ValueEditor({ prop, onSet, onOpenLink }: { prop: Property; onSet(v: PropValue): boolean; onOpenLink(target: string): void }) {
  const v = prop.value;
  const label = `Value of ${prop.key}`;
  switch (v.type) {
    case "text":
      return (
        <CommitInput
          label={label}
          value={v.value}
          placeholder="Empty"
          onCommit={(t) => onSet(/^\[\[[^[\]\n]+\]\]$/.test(t.trim()) ? { type: "link", value: t.trim().slice(2, -2) } : { type: "text", value: t })}
        />
      );
    case "number":
      return (
        <CommitInput
          label={label}
          type="number"
          value={String(v.value)}
          onCommit={(t) => (t.trim() === "" || !Number.isFinite(Number(t)) ? false : onSet({ type: "number", value: Number(t) }))}
        />
      );
    case "checkbox":
      return <input type="checkbox" aria-label={label} checked={v.value} onChange={(e) => onSet({ type: "checkbox", value: e.target.checked })} />;
    case "date":
      return <DateEditor label={label} value={v.value} onSet={onSet} />;
    case "link":
      return <LinkEditor label={label} value={v.value} onSet={onSet} onOpenLink={onOpenLink} />;
    case "list":
      return <ChipsEditor prop={prop} values={v.value} onSet={onSet} onOpenLink={onOpenLink} />;
    case "raw":
      return null;
  }
}

// splitDateTime splits an ISO date-time into what a datetime-local field holds and the rest (zone), kept on edit.
function splitDateTime(value: string): { local: string; zone: string; seconds: boolean } | null {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2})(:\d{2})?(\.\d*)?(.*)$/.exec(value);
  if (!m) return null;
  return { local: `${m[1]}T${m[2]}${m[3] ?? ""}`, zone: (m[4] ?? "") + m[5], seconds: !!m[3] };
}

function DateEditor({ label, value, onSet }: { label: string; value: string; onSet(v: PropValue): boolean }) {
  const dt = splitDateTime(value);
  const sep = /^\d{4}-\d{2}-\d{2} /.test(value) ? " " : "T";
  if (dt) {
    return (
      <input
        type="datetime-local"
        aria-label={label}
        step={dt.seconds ? 1 : 60}
        value={dt.local}
        onChange={(e) => {
          const local = e.target.value;
          if (!local) return;
          const withSeconds = dt.seconds && local.length === 16 ? `${local}:00` : local;
          const next = withSeconds.replace("T", sep) + dt.zone;
          if (isDate(next)) onSet({ type: "date", value: next });
        }}
      />
    );
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return <input type="date" aria-label={label} value={value} onChange={(e) => e.target.value && onSet({ type: "date", value: e.target.value })} />;
  }
  // An ISO form the pickers do not hold (a one-digit month): edited as text.
  return <CommitInput label={label} value={value} onCommit={(t) => onSet({ type: "date", value: t.trim() })} />;
}

function LinkEditor({ label, value, onSet, onOpenLink }: { label: string; value: string; onSet(v: PropValue): boolean; onOpenLink(t: string): void }) {
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <CommitInput
        label={label}
        value={value}
        onCommit={(t) => {
          const inner = t.trim().replace(/^\[\[|\]\]$/g, "");
          const ok = onSet(inner ? { type: "link", value: inner } : { type: "text", value: "" });
          if (ok) setEditing(false);
          return ok;
        }}
      />
    );
  }
  const alias = value.includes("|") ? value.slice(value.indexOf("|") + 1) : "";
  return (
    <span className="property-link">
      <button type="button" className="link" title={`Open ${linkTarget(value)}`} onClick={() => onOpenLink(linkTarget(value))}>
        {alias || value}
      </button>
      <button type="button" className="property-edit" aria-label={`Edit ${label}`} title="Edit link" onClick={() => setEditing(true)}>
        ✎
      </button>
    </span>
  );
}

function ChipsEditor({ prop, values, onSet, onOpenLink }: { prop: Property; values: string[]; onSet(v: PropValue): boolean; onOpenLink(t: string): void }) {
  const [text, setText] = useState("");
  const tags = isTagKey(prop.key);
  const add = () => {
    let items = [text.trim()];
    if (tags) items = text.split(/[\s,]+/).map((t) => t.replace(/^#/, "")).filter(Boolean);
    items = items.filter((t) => t && !values.includes(t));
    if (items.length === 0) {
      setText("");
      return;
    }
    if (onSet({ type: "list", value: [...values, ...items] })) setText("");
  };
  return (
    <div className={`chips${tags ? " tags" : ""}`}>
      {values.map((item, i) => {
        const link = /^\[\[([^[\]\n]+)\]\]$/.exec(item);
        return (
          <span className="chip" key={`${item}-${i}`}>
            {link ? (
              <button type="button" className="link" onClick={() => onOpenLink(linkTarget(link[1]))}>
                {link[1].includes("|") ? link[1].slice(link[1].indexOf("|") + 1) : link[1]}
              </button>
            ) : (
              <span>{tags ? `#${item}` : item}</span>
            )}
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove ${item} from ${prop.key}`}
              onClick={() => onSet({ type: "list", value: values.filter((_, j) => j !== i) })}
            >
              ×
            </button>
          </span>
        );
      })}
      <input
        className="chip-input"
        aria-label={tags ? `Add a tag to ${prop.key}` : `Add to ${prop.key}`}
        placeholder={tags ? "Add tag…" : "Add…"}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => text.trim() && add()}
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey || e.altKey) && text.trim()) add();
          else if (e.key === "Enter") {
            e.preventDefault();
            add();
          } else if (e.key === "Backspace" && text === "" && values.length > 0) {
            e.preventDefault();
            onSet({ type: "list", value: values.slice(0, -1) });
          }
        }}
      />
    </div>
  );
}

function NewProperty({ onAdd, onCancel }: { onAdd(key: string, type: PropType): void; onCancel(): void }) {
  const [key, setKey] = useState("");
  const [type, setType] = useState<PropType>("text");
  return (
    <form
      className="property-new"
      onSubmit={(e) => {
        e.preventDefault();
        if (key.trim()) onAdd(key.trim(), type === "link" ? "text" : type);
      }}
    >
      <input
        autoFocus
        aria-label="New property name"
        placeholder="Property name"
        value={key}
        onChange={(e) => setKey(e.target.value)}
        onKeyDown={(e) => e.key === "Escape" && onCancel()}
      />
      <select aria-label="New property type" value={type} onChange={(e) => setType(e.target.value as PropType)}>
        {TYPES.map((t) => (
          <option key={t.type} value={t.type}>
            {t.label}
          </option>
        ))}
      </select>
      <button type="submit">Add</button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
