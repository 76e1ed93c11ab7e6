/**
 * Label and attribute changes as one rule for every backend: `--label` replaces
 * the set, `--add-label`/`--remove-label` edit it, an attribute set to null is
 * removed. A store applies it to what it holds; a provider whose API replaces
 * labels on update applies it to what it read first, so no label is lost.
 */

export interface LabelChange {
  /** Replaces all labels. */
  labels?: readonly string[];
  addLabels?: readonly string[];
  removeLabels?: readonly string[];
}

/** The labels after `change`, in order, without duplicates. */
export function mergeLabels(current: readonly string[], change: LabelChange): string[] {
  let labels = change.labels !== undefined ? [...change.labels] : [...current];
  if (change.addLabels) labels = [...labels, ...change.addLabels];
  if (change.removeLabels) {
    const drop = new Set(change.removeLabels);
    labels = labels.filter((l) => !drop.has(l));
  }
  return [...new Set(labels)];
}

/** The attributes after `change`: given keys replace, a null removes. */
export function mergeAttributes(
  current: Record<string, unknown>,
  change: Record<string, unknown>,
): Record<string, unknown> {
  const next = { ...current };
  for (const [key, value] of Object.entries(change)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}
