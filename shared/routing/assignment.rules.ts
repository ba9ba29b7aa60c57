// Auto-assignment's choice (SPEC §3 Queues): the member with the lowest load ÷ priorityWeight,
// skipping members on break; ties by member order; nobody available → undefined.
export type AssignableMember = { userId: string; priorityWeight: number; onBreak: boolean };

export function chooseAssignee(members: readonly AssignableMember[], loads: Readonly<Record<string, number>>): string | undefined {
  let best: { userId: string; score: number } | undefined;
  for (const m of members) {
    if (m.onBreak || m.priorityWeight <= 0) continue;
    const score = (loads[m.userId] ?? 0) / m.priorityWeight;
    // Strictly lower only: the earlier member keeps a tie.
    if (!best || score < best.score) best = { userId: m.userId, score };
  }
  return best?.userId;
}
