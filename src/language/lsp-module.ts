import { inject, type Module } from 'langium';
import {
  createDefaultModule,
  createDefaultSharedModule,
  type DefaultSharedModuleContext,
  type LangiumServices,
  type LangiumSharedServices,
  type PartialLangiumServices,
} from 'langium/lsp';
import { registerChecks } from './checks/index.js';
import { CoordCodeActionProvider } from './code-actions.js';
import { CoordModule, type CoordAddedServices } from './coord-module.js';
import { EditorDocumentValidator } from './editor-validator.js';
import { CoordFormatter } from './format/lsp-formatter.js';
import { CoordGeneratedModule, CoordGeneratedSharedModule } from './generated/module.js';
import { CoordHoverProvider } from './hover.js';

export type CoordLspServices = LangiumServices & CoordAddedServices;

/**
 * What only an editor gets on top of the language's services: flow analysis as it types (the
 * CLI runs it per root file), hover, formatting and quick fixes, and the index of references.
 */
const EditorModule: Module<CoordLspServices, PartialLangiumServices> = {
  validation: { DocumentValidator: (services) => new EditorDocumentValidator(services) },
  lsp: {
    Formatter: () => new CoordFormatter(),
    HoverProvider: (services) => new CoordHoverProvider(services),
    CodeActionProvider: () => new CoordCodeActionProvider(),
  },
};

/** The language server's services: Langium's LSP module over the same language services. */
export function createCoordLspServices(context: DefaultSharedModuleContext): { shared: LangiumSharedServices; Coord: CoordLspServices } {
  const shared = inject(createDefaultSharedModule(context), CoordGeneratedSharedModule);
  const Coord = inject(createDefaultModule({ shared }), CoordGeneratedModule, CoordModule, EditorModule);
  shared.ServiceRegistry.register(Coord);
  registerChecks(Coord);
  return { shared, Coord };
}
