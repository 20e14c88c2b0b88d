"""Run one stage in a fresh process: `python -m bench.child STAGE ARGS.json RESULT.json`.

The runner starts one child per measured run, so stages never share a heap; the child reports its
own peak RSS (VmHWM, or a grandchild's such as HermiT's JVM if larger, as a maximum, not a sum).
A stage writes its result (seconds of the timed part, and what it produced) as
JSON; long stages also write partial results as they go, so a stage stopped at its time cap still
says how far it got.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path


def peak_rss_mb() -> float:
    """This process's peak RSS since it started (VmHWM), or that of a child it waited for if larger.

    wait4 in the runner cannot tell: a forked child carries the runner's RSS until it execs.
    """
    own = 0.0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                own = int(line.split()[1]) / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return max(own, children)


def main() -> None:
    from bench import stages

    name, args_path, result_path = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    args = json.loads(args_path.read_text())

    def partial(result: dict) -> None:
        temporary = result_path.with_suffix(".tmp")
        temporary.write_text(json.dumps({**result, "_peak_rss_mb": peak_rss_mb()}))
        temporary.replace(result_path)

    result = stages.STAGES[name](args, partial)
    partial(result)


if __name__ == "__main__":
    main()
