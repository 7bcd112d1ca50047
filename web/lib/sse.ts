/** One Server-Sent Event as the jobs' stream sends it. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * Parses a text/event-stream incrementally (the WHATWG rules the page needs: `event`, `data`, `id`,
 * comments, CRLF or LF). The page reads the stream with fetch instead of EventSource because
 * EventSource cannot send the Authorization header, and the key must not travel in the URL.
 */
export class EventStreamParser {
  private buffer = "";
  private event = "";
  private data: string[] = [];
  private id: string | undefined;

  /** Feeds decoded text; returns the events it completed. */
  push(text: string): ServerSentEvent[] {
    this.buffer += text;
    const events: ServerSentEvent[] = [];
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) !== -1) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith("\r\n", newline) ? 2 : 1;
      // A lone CR at the end may be the first half of CRLF: wait for the next chunk.
      if (this.buffer[newline] === "\r" && width === 1 && newline === this.buffer.length - 1) break;
      this.buffer = this.buffer.slice(newline + width);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === "") {
      if (this.data.length === 0) {
        this.event = "";
        return undefined;
      }
      const event = { event: this.event || "message", data: this.data.join("\n"), id: this.id };
      this.event = "";
      this.data = [];
      return event;
    }
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (name === "event") this.event = value;
    else if (name === "data") this.data.push(value);
    else if (name === "id" && !value.includes("\0")) this.id = value;
    return undefined;
  }
}

/**
 * Reads an event stream response to its end, calling `onEvent` for each event. Returns the last
 * event id seen, for a reconnect with Last-Event-ID.
 */
export async function readEventStream(
  response: Response,
  onEvent: (event: ServerSentEvent) => void,
): Promise<string | undefined> {
  const parser = new EventStreamParser();
  const decoder = new TextDecoder();
  let lastId: string | undefined;
  if (!response.body) return lastId;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    const events = parser.push(done ? decoder.decode() : decoder.decode(value, { stream: true }));
    for (const event of events) {
      if (event.id !== undefined) lastId = event.id;
      onEvent(event);
    }
    if (done) return lastId;
  }
}
