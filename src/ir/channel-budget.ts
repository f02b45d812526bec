import type { Channel } from './schema.js';

/** What a latent readout may take when the channel names no readout or message budget. */
export const DEFAULT_READOUT_TOKENS = 512;

/**
 * A channel's budgets as the runtime enforces them and the static bound assumes them:
 * the one place that says what an absent setting means.
 */
export interface ChannelBudget {
  /** The most one delivered message may carry (`budget N tokens per message`); Infinity when the channel sets none. */
  perMessage: number;
  /**
   * The most one readout may carry, on latent and hybrid channels: `readout`, else the
   * per-message budget, else DEFAULT_READOUT_TOKENS. Undefined on text channels, which have none.
   */
  readout?: number;
  /**
   * The message size a sender is told to aim at: the per-message budget, else a declared
   * readout; undefined when the channel declares neither (nothing would bound the aim).
   */
  aim?: number;
}

export function channelBudget(channel: Channel): ChannelBudget {
  const perMessage = channel.budget.perMessage ?? Infinity;
  const aim = channel.budget.perMessage ?? channel.readout;
  return {
    perMessage,
    ...(channel.mode === 'text' ? {} : { readout: channel.readout ?? channel.budget.perMessage ?? DEFAULT_READOUT_TOKENS }),
    ...(aim !== undefined ? { aim } : {}),
  };
}
