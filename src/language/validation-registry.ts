import { ValidationRegistry, type ValidationCheck } from 'langium';

/**
 * Langium's registry of checks, with checks that finish synchronously left synchronous: the
 * default wraps each in an async function, so a large file paid for a promise per check per
 * node. A check that throws, or returns a promise, still goes through Langium's handling
 * (a diagnostic on the node; cancellation passed on).
 */
export class CoordValidationRegistry extends ValidationRegistry {
  protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
    const context = 'An error occurred during validation';
    return (node, accept, cancelToken) => {
      let result: ReturnType<ValidationCheck>;
      try {
        result = check.call(thisObj, node, accept, cancelToken);
      } catch (error) {
        return this.handleException(() => {
          throw error;
        }, context, accept, node);
      }
      return result instanceof Promise ? this.handleException(() => result, context, accept, node) : undefined;
    };
  }
}
