// A PodDisruptionBudget that allows no disruption with every pod required, blocking an eviction: allow one.
import { recommendation, type RunbookRule } from './rule.js';

export const relaxPdb: RunbookRule = {
  name: 'pdb-blocks-eviction',
  when: 'a PDB has disruptionsAllowed 0, minAvailable ≥ its healthy pods (all of them healthy), and an eviction is refused',
  needs: ['get_pdb_status', 'get_events'],
  recommend({ facts, target }) {
    const refused = facts.events.find((e) => /violate the pod's disruption budget/i.test(e.message));
    for (const pdb of facts.pdbs ?? []) {
      const min = Number(/minAvailable (\d+)\b/.exec(pdb.rule)?.[1] ?? NaN);
      const [healthy, desired] = pdb.healthy.split('/').map(Number);
      if (
        pdb.disruptions_allowed !== 0 ||
        !(min >= 2) ||
        healthy === undefined ||
        healthy < min ||
        desired === undefined
      )
        continue;
      if (!refused && !pdb.blocks_evictions) continue;
      const namespace = target.namespace;
      const found = [
        `PDB ${pdb.name} ${pdb.rule}, healthy ${pdb.healthy}, disruptions allowed 0`,
        ...(refused ? [`${refused.reason}: ${refused.message.slice(0, 160)}`] : []),
      ];
      return {
        found,
        recommendation: recommendation({
          action: 'relax_pdb',
          target: { kind: 'PodDisruptionBudget', ...(namespace ? { namespace } : {}), name: pdb.name },
          parameters: { max_unavailable: 1 },
          confidence: 0.55,
          reasoning: `PDB ${pdb.name} requires ${min} of ${healthy} healthy pods, so it allows no eviction and blocks the drain or rollout; allowing one unavailable lets it proceed one pod at a time.`,
          evidence: found,
          alternatives: [
            { action: 'restart_pod', why_not: 'deleting the pod bypasses the budget' },
            { action: 'escalate', why_not: 'acceptable if the owners must agree to lower the budget' },
          ],
        }),
      };
    }
    return undefined;
  },
};
