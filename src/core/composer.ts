import type { Context } from './context.js';
import type { Intent } from './reply.js';

export type NextFn = () => Promise<void>;
export type Middleware = (ctx: Context, next: NextFn) => Promise<void> | void;

/**
 * A middleware stack, one per feature, mounted in one place (after grammY's Composer).
 * `on` filters by intent, `command` by a pattern over the message text.
 */
export class Composer {
  private readonly stack: Middleware[] = [];

  use(...mw: Middleware[]): this {
    this.stack.push(...mw);
    return this;
  }

  on(intents: Intent | Intent[], ...mw: Middleware[]): this {
    const set = new Set(Array.isArray(intents) ? intents : [intents]);
    const inner = flatten(mw);
    return this.use((ctx, next) => (set.has(ctx.intent) ? inner(ctx, next) : next()));
  }

  /** Runs `mw` when the text matches; the match is put on `ctx.state.match`. */
  command(pattern: RegExp, ...mw: Middleware[]): this {
    const inner = flatten(mw);
    return this.use((ctx, next) => {
      const m = pattern.exec(ctx.msg.text);
      if (!m) return next();
      ctx.state.match = m;
      return inner(ctx, next);
    });
  }

  middleware(): Middleware {
    return flatten(this.stack);
  }
}

function flatten(stack: Middleware[]): Middleware {
  return (ctx, next) => {
    let index = -1;
    const dispatch = async (i: number): Promise<void> => {
      if (i <= index) throw new Error('next() called twice in one middleware');
      index = i;
      const fn = i === stack.length ? next : stack[i];
      if (!fn) return;
      await fn(ctx, () => dispatch(i + 1));
    };
    return dispatch(0);
  };
}

/** Routes to one handler by a key picked from the context, with a fallback (grammY's `route`). */
export function route<K extends string>(
  pick: (ctx: Context) => K | undefined,
  handlers: Partial<Record<K, Middleware>>,
  fallback?: Middleware,
): Middleware {
  return (ctx, next) => {
    const key = pick(ctx);
    const h = (key !== undefined ? handlers[key] : undefined) ?? fallback;
    return h ? h(ctx, next) : next();
  };
}
