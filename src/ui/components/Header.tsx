import { Text } from 'ink';
import type { ViewModel } from '../view-model.js';
import { formatCost, formatDuration } from '../text.js';

/** Workflow, current state of the flow, elapsed time, cost, and whether the run is paused. */
export function Header({ view }: { view: ViewModel }) {
  const cost = formatCost(view.cost);
  return (
    <Text wrap="truncate-end">
      <Text bold>{view.workflow || 'coord'}</Text>
      {`  state ${view.state}  ${formatDuration(view.elapsedMs)}${cost ? `  ${cost}` : ''}`}
      {view.paused ? '  [paused]' : ''}
      {view.simulated ? '  [simulated]' : ''}
    </Text>
  );
}
