// The editor's Markdown language: CommonMark as @codemirror/lang-markdown
// parses it, without the HTML parser that markdown() always nests in it.
// That mixed parse walks the whole syntax tree after every edit (twice the
// parse time per keystroke in a 10k-line note) and adds nothing here: the
// editor does not colour HTML, and its completions are its own. Of GFM it
// takes strikethrough and task lists, which live preview renders.
import { commonmarkLanguage, markdownKeymap, pasteURLAsLink } from "@codemirror/lang-markdown";
import { Language, LanguageSupport } from "@codemirror/language";
import { Prec } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { Strikethrough, TaskList } from "@lezer/markdown";
import { longParagraphs, type MarkdownExtension } from "./longParagraphs";

type Parser = typeof commonmarkLanguage.parser;
// commonmarkLanguage's parser is a MarkdownParser; its type is not exported from lang-markdown.
const base = commonmarkLanguage.parser as Parser & { configure(ext: MarkdownExtension): Parser };

/** noteLanguage parses notes; it shares commonmarkLanguage's language data, so markdownKeymap's commands see it as Markdown. */
export const noteLanguage = new Language(commonmarkLanguage.data, base.configure([longParagraphs, Strikethrough, TaskList]), [], "markdown");

/** noteMarkdown is the language with its keymap (lists continue on Enter) and pasting a URL over a selection as a link. */
export function noteMarkdown(): LanguageSupport {
  return new LanguageSupport(noteLanguage, [Prec.high(keymap.of(markdownKeymap)), pasteURLAsLink]);
}
