/**
 * Question text is Markdown: paragraphs, lists, bold, inline code and fenced code blocks with
 * YAML, JSON or shell highlighted. Parsed by marked, highlighted by highlight.js, and the HTML
 * cleaned by DOMPurify, so no script, event handler or javascript: link ever reaches the page.
 * Raw HTML in the text is shown as text. Loaded only by screens that show Markdown.
 */
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import json from 'highlight.js/lib/languages/json';
import yaml from 'highlight.js/lib/languages/yaml';
import { Marked } from 'marked';
import { markedHighlight } from 'marked-highlight';

hljs.registerLanguage('yaml', yaml);
hljs.registerLanguage('json', json);
hljs.registerLanguage('bash', bash);
hljs.registerAliases(['yml'], { languageName: 'yaml' });
hljs.registerAliases(['sh', 'shell', 'console'], { languageName: 'bash' });

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const marked = new Marked(
  markedHighlight({
    langPrefix: 'hljs language-',
    emptyLangClass: 'hljs',
    highlight: (code, lang) => (hljs.getLanguage(lang) ? hljs.highlight(code, { language: lang }).value : code),
  }),
  {
    gfm: true,
    breaks: false,
    renderer: {
      // Text that looks like HTML ("<Principal>") is text, never markup.
      html: ({ text, block }) => (block ? `<p>${escapeHtml(text.trim())}</p>` : escapeHtml(text)),
    },
  },
);

const purify = DOMPurify();
purify.addHook('afterSanitizeAttributes', (node) => {
  // A code block scrolls sideways inside itself: keyboard users must be able to reach it.
  if (node.tagName === 'PRE') node.setAttribute('tabindex', '0');
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

const SAFE = {
  ALLOWED_TAGS: ['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'span', 'ul', 'ol', 'li', 'blockquote', 'a', 'h3', 'h4', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr'],
  ALLOWED_ATTR: ['href', 'class', 'start', 'target', 'rel'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
};
const SAFE_INLINE = { ...SAFE, ALLOWED_TAGS: ['strong', 'em', 'del', 'code', 'span', 'br'] };

/** Markdown as clean HTML: block elements for a prompt or an explanation, phrasing only for an option inside a button. */
export function renderMarkdown(text: string, inline = false): string {
  const html = inline ? (marked.parseInline(text) as string) : (marked.parse(text) as string);
  return purify.sanitize(html, inline ? SAFE_INLINE : SAFE) as string;
}
