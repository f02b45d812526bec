import type { URI } from 'langium';

/** Why an imported file could not be loaded, so the import statement can say so. */
export class ImportFailures {
  private readonly reasons = new Map<string, string>();

  record(uri: URI, reason: string): void {
    this.reasons.set(uri.toString(), reason);
  }

  reasonFor(uri: URI): string | undefined {
    return this.reasons.get(uri.toString());
  }

  clear(): void {
    this.reasons.clear();
  }
}
