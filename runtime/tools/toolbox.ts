import type { Agent, Tool } from '../../src/ir/schema.js';
import { toolsOf } from '../../src/ir/tools.js';
import { ToolSetupError, type ToolDefinition, type ToolProvider } from './tool.js';

/** One agent's tools, open: what the model is offered, and how to call each by name. */
export interface AgentTools {
  definitions: ToolDefinition[];
  call(name: string, args: unknown, signal: AbortSignal): Promise<{ text: string; isError: boolean }>;
}

/**
 * The tools of a run. Each agent's are opened at its first turn (modules loaded, MCP servers
 * started or connected) and kept for the run; `close` stops every server the run started.
 */
export class Toolbox {
  private readonly open = new Map<string, Promise<AgentTools>>();
  private readonly providers: ToolProvider[] = [];

  forAgent(agent: Agent): Promise<AgentTools> {
    let tools = this.open.get(agent.name);
    if (!tools) {
      tools = this.openFor(agent);
      this.open.set(agent.name, tools);
    }
    return tools;
  }

  async close(): Promise<void> {
    const providers = this.providers.splice(0);
    await Promise.allSettled(providers.map((provider) => provider.close()));
  }

  private async openFor(agent: Agent): Promise<AgentTools> {
    const byName = new Map<string, ToolProvider>();
    const definitions: ToolDefinition[] = [];
    for (const tool of toolsOf(agent)) {
      const provider = await openTool(tool);
      this.providers.push(provider);
      for (const definition of provider.definitions) {
        const other = byName.has(definition.name) ? definitions.find((d) => d.name === definition.name) : undefined;
        if (other) {
          throw new ToolSetupError(`agent ${agent.name}: tools '${other.declared}' and '${definition.declared}' both offer a tool named '${definition.name}'; the model could not tell them apart`);
        }
        byName.set(definition.name, provider);
        definitions.push(definition);
      }
    }
    return {
      definitions,
      call: (name, args, signal) => byName.get(name)!.call(name, args, signal),
    };
  }
}

/** Opens one declaration. The MCP SDK is loaded only by runs whose agents use an MCP server, like the AI SDK by runs that call a model. */
async function openTool(tool: Tool): Promise<ToolProvider> {
  const { source } = tool;
  if (source.kind === 'function') return (await import('./function-tool.js')).openFunctionTool({ ...tool, source });
  return (await import('./mcp-server.js')).openMcpServer({ ...tool, source });
}
