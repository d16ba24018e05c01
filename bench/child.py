"""``python -m bench.child TASK ARGS``: one measurement in a fresh interpreter.

``ARGS`` is a JSON object of keyword arguments for the task's function; the
function's result (a dict) is printed as the last line, after
``BENCH-RESULT ``. The parent (``bench.suite``) reads nothing else.
"""

from __future__ import annotations

import importlib
import json
import sys

from bench.common import RESULT_MARK

TASKS = {
    "build_demo": "bench.common:build_demo",
    "gui_tabs": "bench.gui:tabs",
    "gui_search": "bench.gui:search",
    "gui_sort": "bench.gui:sort",
    "core": "bench.core:run",
    "appraisal_fill": "bench.bench_appraisal:fill_task",
    "ledger": "bench.bench_import:build_task",
    "import": "bench.bench_import:measure_task",
    "import_process": "bench.bench_import:process_task",
    "export_village": "bench.bench_export:village_task",
    "export": "bench.bench_export:measure_task",
    "doorplates": "bench.bench_doorplates:measure_task",
    "handbooks": "bench.core:handbooks",
    "demo": "bench.bench_demo:measure_task",
    "proposals": "bench.bench_proposals:measure_task",
}


def main(argv: list[str]) -> int:
    task, args = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    module, name = TASKS[task].split(":")
    result = getattr(importlib.import_module(module), name)(**args)
    print(RESULT_MARK + json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
