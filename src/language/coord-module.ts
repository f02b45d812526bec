import { DefaultIndexManager, inject, type LangiumCoreServices, type LangiumSharedCoreServices, type Module } from 'langium';
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
import { CoordDocumentValidator } from './document-validator.js';
import { EditorDocumentValidator } from './editor-validator.js';
import { CoordFormatter } from './format/lsp-formatter.js';
import { CoordGeneratedModule, CoordGeneratedSharedModule } from './generated/module.js';
import { CoordHoverProvider } from './hover.js';
import { ImportFailures } from './import-failures.js';
import { CoordLinker } from './linker.js';
import { createGuardedParser } from './parser.js';
import { CoordScopeComputation } from './scope-computation.js';
import { CoordScopeProvider } from './scope.js';
import { CoordValidationRegistry } from './validation-registry.js';
import { CoordValueConverter } from './value-converter.js';

/** Services coord adds to Langium's. */
export interface CoordAddedServices {
  imports: { Failures: ImportFailures };
}

export type CoordServices = LangiumServices & CoordAddedServices;

export const CoordModule: Module<CoordServices, PartialLangiumServices & CoordAddedServices> = {
  parser: {
    LangiumParser: (services: LangiumCoreServices) => createGuardedParser(services),
    ValueConverter: () => new CoordValueConverter(),
  },
  references: {
    ScopeProvider: (services) => new CoordScopeProvider(services),
    ScopeComputation: (services) => new CoordScopeComputation(services),
    Linker: (services) => new CoordLinker(services),
  },
  validation: {
    DocumentValidator: (services) => new CoordDocumentValidator(services),
    ValidationRegistry: (services) => new CoordValidationRegistry(services),
  },
  lsp: {
    Formatter: () => new CoordFormatter(),
    HoverProvider: (services) => new CoordHoverProvider(services),
  },
  imports: { Failures: () => new ImportFailures() },
};

/**
 * Without an editor nobody asks "find all references", so the index of references that
 * Langium builds after linking is skipped: a tenth of the time of a check.
 */
class DeclarationsOnlyIndexManager extends DefaultIndexManager {
  override async updateReferences(): Promise<void> {}
}

/** What only an editor gets: flow analysis as it types (the CLI runs it per root file), and quick fixes. */
const EditorModule: Module<CoordServices, PartialLangiumServices> = {
  validation: { DocumentValidator: (services) => new EditorDocumentValidator(services) },
  lsp: { CodeActionProvider: () => new CoordCodeActionProvider() },
};

const WithoutReferenceIndex: Module<LangiumSharedCoreServices, object> = {
  workspace: { IndexManager: (services: LangiumSharedCoreServices) => new DeclarationsOnlyIndexManager(services) },
};

/**
 * The shared and language services for coord. Without a connection (CLI, tests) the same
 * services parse, link and validate documents that a loader puts into the workspace.
 */
export function createCoordServices(context: DefaultSharedModuleContext): { shared: LangiumSharedServices; Coord: CoordServices } {
  const shared = context.connection
    ? inject(createDefaultSharedModule(context), CoordGeneratedSharedModule)
    : inject(createDefaultSharedModule(context), CoordGeneratedSharedModule, WithoutReferenceIndex);
  const Coord = context.connection
    ? inject(createDefaultModule({ shared }), CoordGeneratedModule, CoordModule, EditorModule)
    : inject(createDefaultModule({ shared }), CoordGeneratedModule, CoordModule);
  shared.ServiceRegistry.register(Coord);
  registerChecks(Coord);
  if (!context.connection) {
    // Without a language client nobody sends configuration; mark it ready so builds do not wait.
    shared.workspace.ConfigurationProvider.initialized({});
  }
  return { shared, Coord };
}
