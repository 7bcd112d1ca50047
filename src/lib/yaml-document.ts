import {
  CST,
  isAlias,
  isCollection,
  isMap,
  isNode,
  isScalar,
  Lexer,
  LineCounter,
  parseDocument,
  visit,
} from "yaml";

export interface SourceLocation {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface SyntaxProblem {
  message: string;
  line?: number;
  column?: number;
}

/** The text could not be read as YAML/JSON at all, or it exceeded a safety limit. */
export class DocumentSyntaxError extends Error {
  constructor(readonly problems: SyntaxProblem[]) {
    super(problems.map((problem) => problem.message).join("; "));
    this.name = "DocumentSyntaxError";
  }
}

export interface ParsedDocument {
  value: unknown;
  /** Where the value at `path` (or its nearest existing parent) starts in the source text. */
  locate: (path: readonly PropertyKey[], options?: { key?: boolean }) => SourceLocation | undefined;
}

export interface YamlLimits {
  /** Aliases (`*name`) allowed in one document; YAML alias bombs need thousands. */
  maxAliasCount: number;
  /** Deepest nesting of collections accepted. */
  maxDepth: number;
  /**
   * Nodes (scalars, keys included, list items and flow collections) a document may have. The parser and
   * composer take about 10 µs per node on the event loop, so a 1 MiB body of tiny nodes held it for a
   * second or more before any schema could say the document was too big.
   */
  maxNodes: number;
}

/**
 * The largest valid rubric (30 criteria of 12 levels, 10 exemplars scoring each criterion) has about
 * 2,800 nodes: 10,000 leaves room for any valid document while bounding the parse.
 */
export const defaultYamlLimits: YamlLimits = { maxAliasCount: 50, maxDepth: 64, maxNodes: 10_000 };

/**
 * Parses YAML (and so JSON, a subset of YAML 1.2) into plain data with source locations.
 * Refuses, with a DocumentSyntaxError naming the line: syntax errors, duplicate keys, more aliases than
 * `maxAliasCount` (alias bombs), nesting deeper than `maxDepth` and more than `maxNodes` nodes. Nesting
 * and nodes are measured on the raw text before the parser runs, because the parser itself recurses and
 * would take seconds and a stack overflow to reject 10,000 levels, and takes a second for 100,000 nodes.
 */
export function parseYamlDocument(text: string, limits: YamlLimits = defaultYamlLimits): ParsedDocument {
  rejectDeepNestingAndManyNodes(text, limits.maxDepth, limits.maxNodes);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
  });
  if (document.errors.length > 0) {
    throw new DocumentSyntaxError(
      document.errors.map((error) => {
        // linePos is only filled in with prettyErrors, which also rewrites the message; ask the counter.
        const position = lineCounter.linePos(error.pos[0]);
        return { message: firstLine(error.message), line: position.line, column: position.col };
      }),
    );
  }
  // A tag the schema does not know (`title: !important Photosynthesis`, `!!float 2`) is only a warning to
  // the parser, which then reads the value without it, as plain text: refused, since the value read would
  // not be the one written.
  const droppedTags = document.warnings.filter(
    (warning) => warning.code === "TAG_RESOLVE_FAILED" || warning.code === "BAD_COLLECTION_TYPE",
  );
  if (droppedTags.length > 0) {
    throw new DocumentSyntaxError(
      droppedTags.map((warning) => {
        const position = lineCounter.linePos(warning.pos[0]);
        return {
          message: `${firstLine(warning.message)}: only the standard YAML tags are read (remove the tag)`,
          line: position.line,
          column: position.col,
        };
      }),
    );
  }
  const position = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  // A list or mapping as a key (`? [a]`) has no place in plain data: yaml would make it the text "[ a ]"
  // and print a process warning for each one, so a request could fill the server's stderr.
  let collectionKey: SourceLocation | undefined;
  visit(document, {
    Pair(_, pair) {
      const key = isAlias(pair.key) ? pair.key.resolve(document) : pair.key;
      if (!isCollection(key)) return undefined;
      collectionKey = isNode(pair.key) && pair.key.range ? position(pair.key.range[0]) : undefined;
      return visit.BREAK;
    },
  });
  if (collectionKey) {
    throw new DocumentSyntaxError([
      { message: "a key must be a text, not a list or mapping", ...collectionKey },
    ]);
  }
  // An alias inside the list or mapping its anchor names (`a: &a [*a]`) makes a value that holds itself:
  // yaml builds it as a cycle, which no rubric can be, and every walk over the value (the schema, the
  // `__proto__` check) recursed until the stack overflowed: a 500 for an 11-byte body.
  let recursiveAlias: SyntaxProblem | undefined;
  visit(document, {
    Alias(_, alias, path) {
      const target = alias.resolve(document);
      if (target === undefined || !path.includes(target)) return undefined;
      recursiveAlias = {
        message: `the alias *${alias.source} is inside the list or mapping its anchor names, so it would hold itself`,
        ...(alias.range ? position(alias.range[0]) : {}),
      };
      return visit.BREAK;
    },
  });
  if (recursiveAlias) throw new DocumentSyntaxError([recursiveAlias]);
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    // yaml throws a ReferenceError for excessive aliases and for aliases to unknown anchors.
    throw new DocumentSyntaxError([{ message: error instanceof Error ? error.message : String(error) }]);
  }
  return {
    value,
    locate: (path, options = {}) => {
      if (options.key && path.length > 0) {
        // Point at the key itself (a misspelt key), not at its value, which may start a line later.
        const parent: unknown = document.getIn(path.slice(0, -1) as unknown[], true);
        const key = path[path.length - 1];
        if (isMap(parent)) {
          const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key);
          if (pair && isNode(pair.key) && pair.key.range) return position(pair.key.range[0]);
        }
      }
      for (let length = path.length; length >= 0; length--) {
        const node: unknown = document.getIn(path.slice(0, length) as unknown[], true);
        if (isNode(node) && node.range) return position(node.range[0]);
      }
      return undefined;
    },
  };
}

/** Lexer tokens that carry no content and so never start a line's node. */
const layoutTokens = new Set([
  "byte-order-mark",
  "doc-mode",
  "doc-start",
  "doc-end",
  "directive-line",
  "flow-error-end",
  "space",
  "newline",
  "comment",
]);

/** Lexer tokens that each start one node: a scalar (a key or a value), an alias, a list item, a flow collection. */
const nodeTokens = new Set([
  "scalar",
  "single-quoted-scalar",
  "double-quoted-scalar",
  "block-scalar-header",
  "alias",
  "seq-item-ind",
  "flow-seq-start",
  "flow-map-start",
]);

/**
 * Measures nesting on yaml's own lexer tokens, which are quote-, comment- and block-scalar-aware and
 * produced without recursion: flow brackets, block indentation steps, and compact indicators on one line
 * (`- - - x`, `? ? ? x`), which nest without any indentation at all. Linear in the text's length.
 */
function rejectDeepNestingAndManyNodes(text: string, maxDepth: number, maxNodes: number): void {
  let nodes = 0;
  let flowDepth = 0;
  let line = 1;
  let lineStart = true;
  let indentation = 0;
  let indicatorsOnLine = 0;
  let skipScalarValue = false;
  const indentStack: number[] = [];
  const check = () => {
    if (flowDepth + indentStack.length + indicatorsOnLine > maxDepth) throw tooDeep(line, maxDepth);
  };
  const newLines = (count: number) => {
    if (count === 0) return;
    line += count;
    lineStart = true;
    indentation = 0;
    indicatorsOnLine = 0;
  };
  const content = () => {
    if (!lineStart) return;
    lineStart = false;
    while (indentStack.length > 0 && indentStack[indentStack.length - 1]! >= indentation) indentStack.pop();
    indentStack.push(indentation);
    check();
  };
  for (const lexeme of new Lexer().lex(text)) {
    if (!skipScalarValue && nodeTokens.has(CST.tokenType(lexeme) ?? "")) {
      if (++nodes > maxNodes) throw tooMany(line, maxNodes);
    }
    if (skipScalarValue) {
      // The value of a plain or block scalar: its text (and a block scalar's lines) is not structure.
      skipScalarValue = false;
      newLines(countLineBreaks(lexeme));
      continue;
    }
    const type = CST.tokenType(lexeme);
    if (type === "newline") {
      newLines(1);
    } else if (type === "space") {
      if (lineStart) indentation = lexeme.length;
    } else if (type === "scalar") {
      content();
      skipScalarValue = true;
    } else if (type === "seq-item-ind" || type === "explicit-key-ind") {
      content();
      indicatorsOnLine++;
      check();
    } else if (type === "flow-seq-start" || type === "flow-map-start") {
      content();
      flowDepth++;
      check();
    } else if (type === "flow-seq-end" || type === "flow-map-end") {
      flowDepth = Math.max(0, flowDepth - 1);
    } else if (type === null || !layoutTokens.has(type)) {
      content();
      // A multi-line quoted scalar: keep the line count right for error messages.
      line += countLineBreaks(lexeme);
    }
  }
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) count++;
  return count;
}

function tooMany(line: number, maxNodes: number): DocumentSyntaxError {
  return new DocumentSyntaxError([
    {
      message: `more than ${maxNodes} keys, values and list items (a rubric has far fewer)`,
      line,
      column: 1,
    },
  ]);
}

function tooDeep(line: number, maxDepth: number): DocumentSyntaxError {
  return new DocumentSyntaxError([{ message: `nesting deeper than ${maxDepth} levels`, line, column: 1 }]);
}

function firstLine(message: string): string {
  return message.split("\n", 1)[0] ?? message;
}
