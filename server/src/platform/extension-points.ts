// Extension points: the answers a module needs from modules later in the dependency order, which
// it may not import. The earlier module declares a point with the type of its answers; later
// modules contribute answers in their Module object; the composition root collects them per app.

/** A typed registry slot, declared by the module that asks. */
export class ExtensionPoint<Answer> {
  // Only carries the answers' type.
  declare readonly answerType: Answer;
  constructor(readonly name: string) {}
}

/** One module's answer to an extension point, as its Module object lists it. */
export interface Extension {
  point: ExtensionPoint<unknown>;
  answer: unknown;
}

export function extend<Answer>(point: ExtensionPoint<Answer>, answer: Answer): Extension {
  return { point, answer };
}

/** The answers contributed to each point, in the modules' order. */
export interface Extensions {
  of<Answer>(point: ExtensionPoint<Answer>): readonly Answer[];
}

export function collectExtensions(extensions: readonly Extension[]): Extensions {
  const byPoint = new Map<ExtensionPoint<unknown>, unknown[]>();
  for (const { point, answer } of extensions) byPoint.set(point, [...(byPoint.get(point) ?? []), answer]);
  return { of: <Answer>(point: ExtensionPoint<Answer>) => (byPoint.get(point) ?? []) as Answer[] };
}
