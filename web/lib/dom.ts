/**
 * A tiny element builder: text is always set as text (never parsed as HTML), so student answers and
 * rubric text cannot inject markup. Attributes that are `false`, null or undefined are left out.
 */
type Child = Node | string | number | null | undefined | false;
export type Children = Child | readonly Children[];
type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Children[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.replace(/^on/, ""), value);
    else if (name in element && !name.includes("-") && name !== "list" && name !== "form") {
      (element as unknown as Record<string, unknown>)[name] = value;
    } else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Children[]): void {
  for (const child of children) {
    if (Array.isArray(child)) {
      append(parent, child as readonly Children[]);
      continue;
    }
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? (child as Node) : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function replace(parent: Element, ...children: Children[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let idCounter = 0;
/** A unique id for label/aria wiring. */
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/**
 * Text that others wrote (a rubric's or criterion's title, a student's words), set apart from the page's
 * own text beside it: in a `<bdi>`, a bidi override or a right-to-left run inside it cannot reorder what
 * follows, so "(of 12)" after a title ending in U+202E still reads "(of 12)" and not "(21 fo)".
 */
export function isolate(text: string): HTMLElement {
  return h("bdi", {}, text);
}

/**
 * The same for a plain string (an `<option>`, a `title` attribute, a status line), which cannot hold an
 * element: the text between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE.
 */
export function isolated(text: string): string {
  return `\u2068${text}\u2069`;
}

/** A labelled form control: the label names it for screen readers and the tests alike. */
export function field(label: Children, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || uid("field");
  control.id = id;
  const hintElement = hint ? h("small", { id: `${id}-hint`, className: "hint" }, hint) : null;
  if (hintElement) control.setAttribute("aria-describedby", hintElement.id);
  return h("div", { className: "field" }, h("label", { htmlFor: id }, label), control, hintElement);
}
