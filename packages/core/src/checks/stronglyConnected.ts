/**
 * Tarjan's strongly connected components, iterative so that a flow with
 * thousands of nodes in a chain cannot overflow the call stack. Components come
 * out in reverse topological order (a component before those that lead to it);
 * nodes keep the order of `ids` within each component's discovery.
 */
export function stronglyConnectedComponents(ids: readonly string[], successors: (id: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of ids) {
    if (index.has(root)) continue;
    // Each frame is a node and the position of the next successor to visit.
    const frames: { id: string; next: number; targets: readonly string[] }[] = [];
    const enter = (id: string) => {
      index.set(id, counter);
      lowLink.set(id, counter);
      counter++;
      stack.push(id);
      onStack.add(id);
      frames.push({ id, next: 0, targets: successors(id) });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      if (frame.next < frame.targets.length) {
        const target = frame.targets[frame.next++]!;
        if (!index.has(target)) enter(target);
        else if (onStack.has(target)) lowLink.set(frame.id, Math.min(lowLink.get(frame.id)!, index.get(target)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) lowLink.set(parent.id, Math.min(lowLink.get(parent.id)!, lowLink.get(frame.id)!));
      if (lowLink.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        components.push(component.reverse());
      }
    }
  }
  return components;
}
