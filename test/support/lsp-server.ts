// The coord language server over stdio, for tests that drive it with a real LSP client.
import { startLanguageServer } from '../../src/language/lsp.js';

startLanguageServer();
