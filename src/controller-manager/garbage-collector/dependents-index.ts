import type { KubeObject } from '../../client/types.js';

/**
 * Owner uid -> the work items of its dependents (the garbage collector's dependency graph, reduced
 * to the edges it needs): when an owner goes, its dependents are looked at again at once.
 */
export class DependentsIndex {
  private readonly byOwner = new Map<string, Set<string>>();

  add(item: string, obj: KubeObject): void {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const set = this.byOwner.get(ref.uid) ?? new Set<string>();
      set.add(item);
      this.byOwner.set(ref.uid, set);
    }
  }

  remove(item: string, obj: KubeObject): void {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const set = this.byOwner.get(ref.uid);
      set?.delete(item);
      if (set?.size === 0) this.byOwner.delete(ref.uid);
    }
  }

  of(ownerUid: string): string[] {
    return [...(this.byOwner.get(ownerUid) ?? [])];
  }
}
