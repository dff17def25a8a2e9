import type { ActionContext, Command, Context, Feature, Handler } from './feature.js';
import { commandOf, commandWords } from './grammar.js';
import type { Reply } from './types.js';

// Which feature takes which input. Every command and handler declares what it claims (its selector);
// two claims on the same input stop the start with both feature names, so no input is taken silently
// by whichever feature happens to come first in src/features.ts.

type Run = (ctx: Context) => Promise<Reply[] | null>;
type Kind = 'message' | 'change' | 'files' | 'fallback';

interface ActionRoute {
  feature: string;
  /** An exact id, or a prefix ending in '.' for 'prefix.*'. */
  pattern: string;
  prefix: boolean;
  run(ctx: ActionContext): Promise<Reply[]>;
}

const describe = (r: Pick<ActionRoute, 'pattern' | 'prefix'>) => (r.prefix ? `${r.pattern}*` : r.pattern);

/** Two action selectors overlap when some action id would match both. */
function overlaps(a: ActionRoute, b: ActionRoute): boolean {
  if (!a.prefix && !b.prefix) return a.pattern === b.pattern;
  if (a.prefix && b.prefix) return a.pattern.startsWith(b.pattern) || b.pattern.startsWith(a.pattern);
  const [p, exact] = a.prefix ? [a, b] : [b, a];
  return exact.pattern.startsWith(p.pattern);
}

export class Routes {
  private readonly commands = new Map<string, { feature: string; command: Command }>();
  private readonly actions: ActionRoute[] = [];
  private readonly single = new Map<Kind, { feature: string; run: Run }>();

  /** `reserved`: action ids the core handles itself (claimed as feature 'core'). */
  constructor(features: Feature[], reserved: string[] = []) {
    for (const id of reserved) this.addAction('core', id, async () => []);
    for (const f of features) {
      for (const c of f.commands ?? []) this.addCommand(f.name, c);
      for (const h of f.handlers ?? []) this.addHandler(f.name, h);
    }
  }

  private addCommand(feature: string, command: Command): void {
    commandWords(command.name); // throws when the grammar data lacks it
    const other = this.commands.get(command.name);
    if (other) throw new Error(`Features '${other.feature}' and '${feature}' both claim the command '${command.name}'`);
    this.commands.set(command.name, { feature, command });
  }

  private addHandler(feature: string, h: Handler): void {
    if ('action' in h.on) {
      this.addAction(feature, h.on.action, h.run as ActionRoute['run']);
      return;
    }
    const kind = Object.keys(h.on)[0] as Kind;
    const other = this.single.get(kind);
    if (other) throw new Error(`Features '${other.feature}' and '${feature}' both claim { ${kind}: true }`);
    this.single.set(kind, { feature, run: h.run as Run });
  }

  private addAction(feature: string, selector: string, run: ActionRoute['run']): void {
    const prefix = selector.endsWith('.*');
    const route: ActionRoute = { feature, pattern: prefix ? selector.slice(0, -1) : selector, prefix, run };
    const other = this.actions.find((a) => overlaps(a, route));
    if (other)
      throw new Error(`Features '${other.feature}' and '${feature}' both claim actions: '${describe(other)}' and '${describe(route)}'`);
    this.actions.push(route);
  }

  /** The command a typed word selects, when a feature offers it. */
  command(word: string): Command | undefined {
    const name = commandOf(word);
    return name ? this.commands.get(name)?.command : undefined;
  }

  /** Every word that selects an offered command (for "did you mean"). */
  *words(): Iterable<string> {
    for (const name of this.commands.keys()) {
      const { words, en } = commandWords(name);
      yield* words;
      yield* en;
    }
  }

  action(id: string): ActionRoute['run'] | undefined {
    return this.actions.find((a) => (a.prefix ? id.startsWith(a.pattern) : id === a.pattern))?.run;
  }

  /** The handler of a message, change, files or fallback input, if a feature claims it. */
  handler(kind: Kind): Run | undefined {
    return this.single.get(kind)?.run;
  }
}
