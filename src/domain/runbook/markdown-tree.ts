import type { Nodes, Parent, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

/*
 * The parser stack react-markdown runs with remark-gfm (micromark + its GFM extension + the mdast
 * conversion), so the line numbers here are the ones the browser's `node.position` reports: a
 * step id made on the server names the same checkbox in the viewer.
 */

export function parseMarkdown(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

export function lineOf(node: Nodes): number {
  return node.position?.start.line ?? 1;
}

export function isParent(node: Nodes): node is Nodes & Parent {
  return 'children' in node && Array.isArray(node.children);
}

/** Every node in document order (pre-order), with its parent. `skip` prunes a subtree. */
export function walk(root: Root, visit: (node: Nodes, parent: Nodes | null) => 'skip' | void): void {
  const stack: Array<{ node: Nodes; parent: Nodes | null }> = [{ node: root, parent: null }];
  while (stack.length > 0) {
    const { node, parent } = stack.pop()!;
    if (visit(node, parent) === 'skip') continue;
    if (isParent(node)) for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push({ node: node.children[i] as Nodes, parent: node });
  }
}

/** The text a reader sees: marks dropped, code spans kept as their text, images as their alt, raw HTML left out. */
export function plainText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'break':
      return ' ';
    case 'image':
    case 'imageReference':
      return node.alt ?? '';
    case 'html':
    case 'code':
    case 'definition':
    case 'footnoteDefinition':
    case 'footnoteReference':
    case 'thematicBreak':
    case 'yaml':
      return '';
    default:
      return isParent(node) ? node.children.map((child) => plainText(child as Nodes)).join('') : '';
  }
}

/** Collapses runs of whitespace (soft line breaks included) to one space. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The plain text of a block's inline content with the source line of each character, so a
 * sentence found in it can name its line.
 */
export function textWithLines(node: Nodes): { text: string; lines: number[] } {
  let text = '';
  const lines: number[] = [];
  const add = (value: string, startLine: number) => {
    let line = startLine;
    for (const ch of value) {
      text += ch;
      for (let i = 0; i < ch.length; i += 1) lines.push(line);
      if (ch === '\n') line += 1;
    }
  };
  const visit = (current: Nodes) => {
    if (current.type === 'text') add(current.value, lineOf(current));
    else if (current.type === 'inlineCode') add(current.value, lineOf(current));
    else if (current.type === 'break') add(' ', lineOf(current));
    else if (current.type === 'image' || current.type === 'imageReference') add(current.alt ?? '', lineOf(current));
    else if (current.type !== 'html' && isParent(current)) for (const child of current.children) visit(child as Nodes);
  };
  visit(node);
  return { text, lines };
}

/** The source's lines, split as micromark splits them (LF, CRLF or a lone CR). */
export function sourceLines(markdown: string): string[] {
  return markdown.split(/\r\n|\r|\n/);
}
