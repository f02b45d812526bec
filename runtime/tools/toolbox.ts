import type { Agent } from '../../src/ir/schema.js';
import { toolsOf } from '../../src/ir/tools.js';
import { openFunctionTool } from './function-tool.js';
import { openMcpServer } from './mcp-server.js';
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
      const provider = tool.source.kind === 'function' ? await openFunctionTool({ ...tool, source: tool.source }) : await openMcpServer({ ...tool, source: tool.source });
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
