/**
 * Streaming XML over byte chunks with saxes, in bounded memory: a tag, attribute or text longer than
 * MAX_XML_TOKEN_CHARS, or nesting deeper than MAX_XML_DEPTH, stops the parse before saxes buffers it.
 * Errors name the line and column.
 */
import { SaxesParser, type SaxesTagPlain } from "saxes";

/** Longest run of characters without a "<": one tag with its attributes, or one text between tags. */
export const MAX_XML_TOKEN_CHARS = 1 << 20;
/** Deepest element nesting read. */
export const MAX_XML_DEPTH = 1000;

/** A problem with the XML of one part or file; the reader names the file. */
export class XmlError extends Error {}

export interface XmlHandlers {
  open(tag: SaxesTagPlain): void;
  text?(t: string): void;
  close?(name: string): void;
}

/** Parses the UTF-8 XML in `chunks`, calling `on` per element; throws XmlError (or what a handler throws). */
export async function parseXml(chunks: AsyncIterable<Buffer>, on: XmlHandlers): Promise<void> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  let failure: Error | undefined;
  let depth = 0;
  const where = () => `line ${parser.line} column ${parser.column}`;
  parser.on("error", (err) => {
    failure ??= new XmlError(
      `XML is not well-formed at ${where()}: ${err.message.replace(/^\d+:\d+: /, "")}`,
    );
  });
  parser.on("opentag", (tag) => {
    if (++depth > MAX_XML_DEPTH)
      failure ??= new XmlError(`elements nest more than ${MAX_XML_DEPTH} deep at ${where()}`);
    if (!failure) on.open(tag);
  });
  if (on.text) {
    const text = on.text;
    parser.on("text", (t) => {
      if (!failure) text(t);
    });
    parser.on("cdata", (t) => {
      if (!failure) text(t);
    });
  }
  parser.on("closetag", (tag) => {
    depth--;
    if (!failure) on.close?.(tag.name);
  });
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let run = 0; // characters since the last "<"
  const tooLong = () =>
    new XmlError(
      `an XML tag, attribute or text runs over more than ${MAX_XML_TOKEN_CHARS} characters after line ${parser.line}`,
    );
  const feed = (text: string) => {
    let pos = 0;
    for (let lt = text.indexOf("<"); lt >= 0; lt = text.indexOf("<", pos)) {
      if (run + lt - pos > MAX_XML_TOKEN_CHARS) throw tooLong();
      run = 0;
      pos = lt + 1;
    }
    run += text.length - pos;
    if (run > MAX_XML_TOKEN_CHARS) throw tooLong();
    parser.write(text);
    if (failure) throw failure;
  };
  try {
    for await (const chunk of chunks) feed(decoder.decode(chunk, { stream: true }));
    feed(decoder.decode());
  } catch (e) {
    if (e instanceof TypeError && /encoded data|decode/i.test(e.message))
      throw new XmlError(`not valid UTF-8 near line ${parser.line}`);
    throw e;
  }
  parser.close();
  if (failure) throw failure;
}
