import {
  ChatPromptTemplate,
  HumanMessagePromptTemplate,
  MessagesPlaceholder,
  parseFString,
  PromptTemplate,
  SystemMessagePromptTemplate,
  type ParsedTemplateNode,
} from "@langchain/core/prompts";
import type { InputValues } from "@langchain/core/utils/types";

/**
 * A LangChain f-string prompt template parsed once. LangChain's own PromptTemplate parses its template
 * text again on every format, a measurable share of a grade's CPU for templates that hold a whole
 * rubric; this one keeps the parsed nodes and only joins them. Same syntax, same output.
 * Throws, like LangChain's, when a value is missing.
 */
export class PreparsedPromptTemplate extends PromptTemplate {
  private readonly nodes: ParsedTemplateNode[];

  constructor(template: string) {
    const nodes = parseFString(template);
    const inputVariables = [
      ...new Set(nodes.flatMap((node) => (node.type === "variable" ? [node.name] : []))),
    ];
    super({ template, inputVariables, templateFormat: "f-string" });
    this.nodes = nodes;
  }

  override async format(values: InputValues): Promise<string> {
    const all = await this.mergePartialAndUserVariables(values);
    let text = "";
    for (const node of this.nodes) {
      if (node.type === "literal") {
        text += node.text;
        continue;
      }
      const value: unknown = all[node.name];
      if (value === undefined) throw new Error(`Missing value for input variable \`${node.name}\``);
      // The core passes strings only; anything else is written as LangChain's f-strings would.
      text += typeof value === "string" ? value : JSON.stringify(value);
    }
    return text;
  }
}

/** The chat prompt of a grading call: system and user templates parsed once, then the repair turns. */
export function gradingChatPrompt(system: string, user: string): ChatPromptTemplate {
  return ChatPromptTemplate.fromMessages([
    new SystemMessagePromptTemplate({ prompt: new PreparsedPromptTemplate(system) }),
    new HumanMessagePromptTemplate({ prompt: new PreparsedPromptTemplate(user) }),
    new MessagesPlaceholder("repair_messages"),
  ]);
}
