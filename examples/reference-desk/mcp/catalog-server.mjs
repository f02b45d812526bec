// An MCP server over stdio, shipped with the example so that it runs offline: a tiny library
// catalogue with two tools. coord starts it (`tool catalog mcp stdio "node" "./mcp/catalog-server.mjs"`)
// and stops it when the run ends. Built with the official MCP TypeScript SDK.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const BOOKS = [
  { title: 'The Name of the Rose', author: 'Umberto Eco', year: 1980, shelf: 'F-ECO' },
  { title: 'Invisible Cities', author: 'Italo Calvino', year: 1972, shelf: 'F-CAL' },
  { title: 'The Library of Babel', author: 'Jorge Luis Borges', year: 1941, shelf: 'F-BOR' },
  { title: 'A Pattern Language', author: 'Christopher Alexander', year: 1977, shelf: 'A-ALE' },
];

const server = new McpServer({ name: 'catalog', version: '1.0.0' });

server.registerTool(
  'find_book',
  { description: 'Finds books whose title contains the given words; returns title, author, year and shelf.', inputSchema: { title: z.string() } },
  async ({ title }) => {
    const wanted = title.toLowerCase();
    const found = BOOKS.filter((book) => book.title.toLowerCase().includes(wanted));
    return { content: [{ type: 'text', text: found.length > 0 ? JSON.stringify(found) : `no book with "${title}" in its title` }] };
  },
);

server.registerTool(
  'books_by',
  { description: 'Lists the books of an author (any part of the name).', inputSchema: { author: z.string() } },
  async ({ author }) => {
    const wanted = author.toLowerCase();
    const found = BOOKS.filter((book) => book.author.toLowerCase().includes(wanted)).map((book) => book.title);
    return { content: [{ type: 'text', text: found.length > 0 ? found.join('\n') : `no author matching "${author}"` }] };
  },
);

await server.connect(new StdioServerTransport());
