// A function tool: the default export gives the model a description and a JSON Schema of the
// arguments, and `execute` does the work. What it returns (a string, or any JSON value) is what
// the model reads back, cut to the tool's `max N tokens per result`.
export default {
  description: 'Counts the words of a text.',
  parameters: {
    type: 'object',
    properties: { text: { type: 'string', description: 'The text to count' } },
    required: ['text'],
  },
  execute({ text }: { text: string }) {
    const words = text.split(/\s+/).filter(Boolean).length;
    return { words };
  },
};
