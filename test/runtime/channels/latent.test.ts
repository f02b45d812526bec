import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/ir/schema.js';
import { ChannelRouter } from '../../../runtime/channels/router.js';
import { ledgerFor } from '../../../runtime/ledger/budgets.js';
import { startRun } from '../../../runtime/run/run.js';
import { MemoryRunStore } from '../../../runtime/store/memory-store.js';
import { agentNode, functionAgent, textChannel, workflow } from '../support/ir.js';
import { RecordingCoordinator } from '../support/recording-coordinator.js';
import { machineConfigFor } from '../support/machine-config.js';

function latentFlow(mode: Channel['mode'], readout?: number) {
  return workflow({
    total: 10_000,
    agents: [functionAgent('talker', 'verbose.ts'), functionAgent('listener', 'echo.ts')],
    channels: [textChannel('talker', 'listener', { mode, ...(readout ? { readout } : {}) })],
    nodes: [agentNode('talker', [{ to: 'listener' }]), agentNode('listener', [{ to: 'done' }])],
  });
}

describe('latent and hybrid channels', () => {
  it('refuses to build channels that need a coordinator when there is none, naming them', () => {
    const ir = latentFlow('latent');
    expect(() => new ChannelRouter({ ir, ledger: ledgerFor(ir), emit: () => {} })).toThrow(
      /channel talker->listener \(latent\) need a coordinator, and none is available/,
    );
  });

  it('keeps latent messages out of the inbox and reads them out within the readout budget', async () => {
    const coordinator = new RecordingCoordinator();
    const ir = latentFlow('latent', 12);
    const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'lat', coordinator, input: { words: 40 } });
    expect(result.outcome).toBe('done');
    expect(coordinator.written).toHaveLength(1);
    expect(coordinator.queries[0]).toMatchObject({ receiver: 'listener', budgetTokens: 12 });
    const readout = result.events.find((e) => e.type === 'coordinator.readout')!;
    expect(readout).toMatchObject({ agent: 'listener', channel: 'talker->listener', limit: 12 });
    expect(readout.type === 'coordinator.readout' && readout.tokens).toBeLessThanOrEqual(12);
    expect(result.events.find((e) => e.type === 'message.sent')).toMatchObject({ mode: 'latent', delivered: 0 });
    expect(result.events.find((e) => e.type === 'coordinator.step')).toMatchObject({ segments: 1 });
    const channelPool = result.budgets.find((p) => p.key === 'channel:talker->listener')!;
    expect(channelPool.spent).toBe(readout.type === 'coordinator.readout' ? readout.tokens : -1);
  });

  it('forwards hybrid messages as text when the gate says text, and keeps them latent otherwise', async () => {
    const forward = new RecordingCoordinator(() => 'text');
    const ir = latentFlow('hybrid', 50);
    const sent = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'hy1', coordinator: forward, input: { words: 5 } });
    expect(sent.events.find((e) => e.type === 'coordinator.step')).toMatchObject({ gate: 'text' });
    const message = sent.events.find((e) => e.type === 'message.sent');
    expect(message).toMatchObject({ mode: 'hybrid' });
    expect(message?.type === 'message.sent' && message.delivered).toBeGreaterThan(0);
    expect(sent.events.some((e) => e.type === 'coordinator.readout')).toBe(false);
    expect((sent.outputs.listener as { text: string }).text).toContain('talker: word0 word1 word2 word3 word4');
    // The gate is asked with what the receiver looks for before its turn: its role and the run's input.
    expect(forward.gateQueries).toEqual([expect.stringContaining('{"words":5}')]);

    const keep = new RecordingCoordinator(() => 'latent');
    const kept = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'hy2', coordinator: keep, input: { words: 5 } });
    expect(kept.events.find((e) => e.type === 'coordinator.step')).toMatchObject({ gate: 'latent' });
    expect(kept.events.find((e) => e.type === 'message.sent')).toMatchObject({ delivered: 0 });
    expect(kept.events.some((e) => e.type === 'coordinator.readout')).toBe(true);
  });
});
