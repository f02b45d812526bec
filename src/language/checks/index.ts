import type { ValidationChecks } from 'langium';
import type { CoordAstType } from '../generated/ast.js';
import type { CoordServices } from '../coord-module.js';
import { checkAgentShape, checkFunctionPath, checkOutputFields, checkRoleFile, checkTemplate } from './agents.js';
import { checkAgentBudgets, checkBudget, checkConversation, checkMemory, checkWindow, checkChannelBudgets, checkPolicyBudgets, checkReadout, checkWorkflowBudgets } from './budgets.js';
import { checkChannelMode, checkChannelSettingsOnce, checkChannelsOfWorkflow, checkCompressOptions } from './channels.js';
import { checkCoordinator } from './coordinator.js';
import { checkFlowPresent, checkHuman, checkMap, checkParallel, checkStart, checkTransitionBound, checkValueRef } from './flow.js';
import { ImportChecks } from './imports.js';
import { NameChecks } from './names.js';
import { checkSplit } from './split.js';
import { checkAgentTools, checkMcpSource, checkToolLimits } from './tools.js';
import { checkAgentModel, checkFallback, checkSampling, checkVia } from './providers.js';
import {
  checkAsk,
  checkCompressMethod,
  checkDevice,
  checkItemFailure,
  checkJoin,
  checkMode,
  checkOutputFieldType,
  checkOverflow,
} from './values.js';

/** Registers every AST check with Langium's validation registry, one concern per module. */
export function registerChecks(services: CoordServices): void {
  const documents = services.shared.workspace.LangiumDocuments;
  const names = new NameChecks(documents);
  const imports = new ImportChecks(documents, services.imports.Failures);
  const checks: ValidationChecks<CoordAstType> = {
    Model: (node, accept) => names.checkModel(node, accept),
    Import: (node, accept) => imports.checkImport(node, accept),
    Workflow: [
      (node, accept) => names.checkWorkflow(node, accept),
      checkWorkflowBudgets,
      checkChannelsOfWorkflow,
      checkFlowPresent,
    ],
    Budget: checkBudget,
    ReadoutSetting: checkReadout,
    SplitSetting: checkSplit,
    Coordinator: checkCoordinator,
    DeviceSetting: checkDevice,
    Policy: [checkChannelSettingsOnce, checkPolicyBudgets],
    Channel: [checkChannelSettingsOnce, checkChannelBudgets, checkChannelMode],
    ModeSetting: checkMode,
    OverflowSetting: checkOverflow,
    CompressSetting: [checkCompressMethod, checkCompressOptions],
    ViaOption: checkVia,
    Agent: [checkAgentShape, checkAgentBudgets, checkAgentTools, checkTemplate],
    McpSource: checkMcpSource,
    ToolSetting: checkToolLimits,
    RoleSetting: checkRoleFile,
    MemorySetting: checkMemory,
    Conversation: checkConversation,
    WindowSetting: checkWindow,
    ModelSetting: checkAgentModel,
    FallbackSetting: checkFallback,
    SamplingSetting: checkSampling,
    FunctionSetting: checkFunctionPath,
    OutputSetting: checkOutputFields,
    OutputField: checkOutputFieldType,
    Flow: checkStart,
    Transition: checkTransitionBound,
    ParallelNode: [checkJoin, checkParallel],
    MapNode: [checkMap, checkItemFailure],
    HumanNode: [checkAsk, checkHuman],
    ValueRef: checkValueRef,
  };
  services.validation.ValidationRegistry.register(checks);
}
