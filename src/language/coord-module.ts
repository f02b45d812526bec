import {
  createDefaultCoreModule,
  createDefaultSharedCoreModule,
  DefaultIndexManager,
  inject,
  type DefaultSharedCoreModuleContext,
  type LangiumCoreServices,
  type LangiumSharedCoreServices,
  type Module,
  type PartialLangiumCoreServices,
} from 'langium';
import { registerChecks } from './checks/index.js';
import { CoordDocumentValidator } from './document-validator.js';
import { CoordGeneratedModule, CoordGeneratedSharedModule } from './generated/module.js';
import { ImportFailures } from './import-failures.js';
import { CoordLinker } from './linker.js';
import { createGuardedParser } from './parser.js';
import { CoordScopeComputation } from './scope-computation.js';
import { CoordScopeProvider } from './scope.js';
import { CoordValidationRegistry } from './validation-registry.js';
import { CoordTokenBuilder } from './token-builder.js';
import { CoordValueConverter } from './value-converter.js';

/** Services coord adds to Langium's. */
export interface CoordAddedServices {
  imports: { Failures: ImportFailures };
}

/** What parsing, linking and checking need; the language server adds its own (lsp-module.ts). */
export type CoordServices = LangiumCoreServices & CoordAddedServices;

export const CoordModule: Module<CoordServices, PartialLangiumCoreServices & CoordAddedServices> = {
  parser: {
    LangiumParser: (services: LangiumCoreServices) => createGuardedParser(services),
    ValueConverter: () => new CoordValueConverter(),
    TokenBuilder: () => new CoordTokenBuilder(),
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
  imports: { Failures: () => new ImportFailures() },
};

/**
 * Without an editor nobody asks "find all references", so the index of references that
 * Langium builds after linking is skipped: a tenth of the time of a check.
 */
class DeclarationsOnlyIndexManager extends DefaultIndexManager {
  override async updateReferences(): Promise<void> {}
}

const WithoutReferenceIndex: Module<LangiumSharedCoreServices, object> = {
  workspace: { IndexManager: (services: LangiumSharedCoreServices) => new DeclarationsOnlyIndexManager(services) },
};

/**
 * The services that parse, link and validate documents that a loader puts into the workspace
 * (CLI, API, tests). Built from Langium's core modules only: its LSP module, and with it the
 * language server's packages, load only for `coord lsp` (lsp-module.ts).
 */
export function createCoordServices(context: DefaultSharedCoreModuleContext): { shared: LangiumSharedCoreServices; Coord: CoordServices } {
  const shared = inject(createDefaultSharedCoreModule(context), CoordGeneratedSharedModule, WithoutReferenceIndex);
  const Coord = inject(createDefaultCoreModule({ shared }), CoordGeneratedModule, CoordModule);
  shared.ServiceRegistry.register(Coord);
  registerChecks(Coord);
  // Without a language client nobody sends configuration; mark it ready so builds do not wait.
  shared.workspace.ConfigurationProvider.initialized({});
  return { shared, Coord };
}
