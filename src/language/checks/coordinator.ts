import type { ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { report } from '../report.js';
import { fileExists, resolveFromSource } from './files.js';

export const BUILTIN_COORDINATOR = 'builtin';

/** The coordinator's model is the shipped one or an .onnx file; each setting at most once. */
export function checkCoordinator(coordinator: ast.Coordinator, accept: ValidationAcceptor): void {
  const seen = new Set<string>();
  for (const setting of coordinator.settings) {
    if (seen.has(setting.$type)) {
      report(accept, 'COORD022', `'${ast.isModelSetting(setting) ? 'model' : 'device'}' is given twice in the coordinator`, { node: setting }, 'keep one of them');
    }
    seen.add(setting.$type);
    if (ast.isModelSetting(setting)) checkCoordinatorModel(setting, accept);
  }
}

function checkCoordinatorModel(setting: ast.ModelSetting, accept: ValidationAcceptor): void {
  if (setting.value === BUILTIN_COORDINATOR) return;
  if (!setting.value.endsWith('.onnx')) {
    report(accept, 'COORD054', `coordinator model "${setting.value}" is neither "builtin" nor an .onnx file`, { node: setting, property: 'value' });
    return;
  }
  const resolved = resolveFromSource(setting, setting.value);
  if (!fileExists(resolved)) {
    report(accept, 'COORD055', `coordinator model "${setting.value}" does not exist (looked for ${resolved})`, { node: setting, property: 'value' });
  }
}
