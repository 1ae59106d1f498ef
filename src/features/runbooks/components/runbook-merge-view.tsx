import type { RunbookDto } from '../../../contracts/runbooks';
import { Button } from '../../../shared/components/button';
import { MergeView } from '../../../shared/components/merge-view';

/** The shared merge view with a runbook's ways on: my text on top, theirs with mine beside it, or theirs alone. */
export function RunbookMergeView({ theirs, yours, onUseMine, onEditTheirs, onDiscardMine }: { theirs: RunbookDto; yours: string; onUseMine: () => void; onEditTheirs: () => void; onDiscardMine: () => void }) {
  return (
    <MergeView
      theirs={theirs}
      yours={yours}
      intro="Your text is kept below beside theirs. Choose how to go on; nothing is saved until you press Save again."
      actions={
        <>
          <Button variant="primary" onClick={onUseMine}>
            Use my text on top of the new version
          </Button>
          <Button onClick={onEditTheirs}>Edit theirs, with mine beside it</Button>
          <Button variant="dangerGhost" onClick={onDiscardMine}>
            Discard mine
          </Button>
        </>
      }
    />
  );
}
