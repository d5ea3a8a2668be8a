import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/**
 * Reads Markdown the way GitHub renders it, as far as links and heading anchors go, so that
 * test/unit/docs-links.test.ts can check every link of README.md and docs/ without a network.
 */

const fence = /^ {0,3}(`{3,}|~{3,})/;

/** The lines of a Markdown text outside fenced code blocks, with their 1-based line numbers. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = [];
  let open: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    const marker = fence.exec(text)?.[1];
    if (open !== undefined) {
      if (marker !== undefined && marker[0] === open[0] && marker.length >= open.length && text.trim() === marker) open = undefined;
    } else if (marker !== undefined) {
      open = marker;
    } else {
      lines.push({ text, line: index + 1 });
    }
  });
  return lines;
}

/** A heading's text as GitHub renders it: code spans keep their content, links their text, HTML tags go. */
function renderedText(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`+/g, '');
}

/**
 * GitHub's anchor for a heading (github-slugger): lower case; every character that is not a letter,
 * a mark, a digit, `_`, `-` or a space removed; each space a hyphen.
 */
export function githubSlug(heading: string): string {
  return renderedText(heading)
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a Markdown text's headings give, a repeated one suffixed -1, -2, … as GitHub does. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    const base = githubSlug(heading);
    let slug = base;
    let count = seen.get(base) ?? 0;
    while (anchors.has(slug)) slug = `${base}-${++count}`;
    seen.set(base, count);
    anchors.add(slug);
  }
  return anchors;
}

export interface MarkdownLink {
  target: string;
  line: number;
}

/** Inline links and images, `[text](target)`, outside code blocks and code spans; the text may span lines. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const kept = new Set(proseLines(markdown).map(({ line }) => line));
  const prose = markdown
    .split('\n')
    .map((text, index) => (kept.has(index + 1) ? text : ''))
    .join('\n')
    .replace(/(`+)(?:(?!\n[ \t]*\n)[\s\S])*?\1/g, (span) => span.replace(/[^\n]/g, ' '));
  return [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => ({
    target: match[1]!,
    line: prose.slice(0, match.index).split('\n').length,
  }));
}

const external = /^[a-z][a-z0-9+.-]*:/i;

/**
 * What is wrong with each link of `file` (a path relative to the working directory) that points
 * inside the repository: a file that does not exist, or an anchor no heading of the target gives.
 * Links with a scheme (http, https, mailto) are not followed.
 */
export function brokenLinks(
  file: string,
  markdown: string,
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): string[] {
  const problems: string[] = [];
  for (const { target, line } of markdownLinks(markdown)) {
    if (external.test(target)) continue;
    const where = `${file}:${line}: (${target})`;
    const hash = target.indexOf('#');
    const pathPart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
    const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const path = pathPart === '' ? file : normalize(join(dirname(file), pathPart));
    if (pathPart !== '' && !existsSync(path)) {
      problems.push(`${where}: ${path} does not exist`);
      continue;
    }
    if (anchor === undefined) continue;
    if (!path.endsWith('.md')) {
      problems.push(`${where}: an anchor into ${path}, which is not Markdown`);
      continue;
    }
    const anchors = path === file ? headingAnchors(markdown) : headingAnchors(read(path));
    if (!anchors.has(anchor)) problems.push(`${where}: no heading of ${path} has the anchor #${anchor}`);
  }
  return problems;
}
