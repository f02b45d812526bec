import { Box, Text } from 'ink';
import type { ViewModel } from './view-model.js';
import { BudgetBars } from './components/BudgetBars.js';
import { MessageFlow } from './components/MessageFlow.js';
import { CoordinatorActivity } from './components/CoordinatorActivity.js';
import { Header } from './components/Header.js';
import { Summary } from './components/Summary.js';
import { Help } from './components/Help.js';
import { HumanQuestion } from './components/HumanQuestion.js';

export interface DashboardProps {
  view: ViewModel;
  width: number;
  color: boolean;
  showHelp: boolean;
  /** What the person has typed so far for a text question. */
  draft?: string;
}

/** The whole dashboard: a pure function of the view model. */
export function Dashboard({ view, width, color, showHelp, draft = '' }: DashboardProps) {
  return (
    <Box flexDirection="column" width={width}>
      <Header view={view} />
      <BudgetBars budgets={view.budgets} width={width} color={color} />
      <MessageFlow messages={view.messages} />
      <CoordinatorActivity coordinator={view.coordinator} />
      {view.notices.length > 0 ? (
        <Box flexDirection="column">
          {view.notices.slice(-3).map((n, i) => (
            <Text key={i} {...(color ? { color: 'yellow' } : {})} wrap="truncate-end">
              ! {n}
            </Text>
          ))}
        </Box>
      ) : null}
      {view.waiting ? <HumanQuestion waiting={view.waiting} draft={draft} /> : null}
      {showHelp ? <Help /> : null}
      {view.outcome ? <Summary view={view} /> : <Text dimColor>q stop · p pause · ? help</Text>}
    </Box>
  );
}
