"""Timing of the ballot-entry window (民主测评票录入) from the keyboard.

Builds a village with ``--members`` members and ``--ballots`` ballots already
entered twice, opens the entry window offscreen and types ``--rounds``
further ballots key by key (1–4 and 0, one key per member), timing each key
from the press until its repaint has been processed (``QTest.keyClick`` then
``processEvents``) and each save (Enter: the write, the change notice and the
window's refresh). Prints median, 95th percentile and maximum in
milliseconds, wall-clock and process CPU (steadier on a shared machine).
Budget (issue 12): one ballot row (key to next row) ≤ 30 ms.

    QT_QPA_PLATFORM=offscreen python bench/bench_ballot_entry.py [--members 150] [--ballots 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path


def build(members: int, ballots_entered: int, year: int):
    from lianhu_desktop import pinyin
    from lianhu_desktop.domain import ballots
    from lianhu_desktop.domain.demo_names import CLAN_SURNAMES
    from lianhu_desktop.domain.villages import create_village
    from lianhu_desktop.domain.vocab import GRADES, TIERS
    from lianhu_desktop.store.models import Member

    village = create_village("测评村", township="城关镇", grids=3)
    rnd = random.Random(7)
    for number in range(members):
        given = "建国秀英德福桂兰志强海燕"
        name = f"{CLAN_SURNAMES[number % len(CLAN_SURNAMES)]}{given[number % 12]}{given[(number // 12) % 12]}"
        full, initials, sort = pinyin.name_keys(name)
        Member.create(village=village, name=name, name_pinyin=full, name_initials=initials, name_sort=sort,
                      tier=TIERS[number % len(TIERS)])
    listed = ballots.ballot_members(village.id, year)
    ballots.set_meeting_figures(village.id, year, ballots_entered + 100, None, None)
    for serial in range(1, ballots_entered + 1):
        grades = {m.id: rnd.choice(GRADES) for m in listed if rnd.random() < 0.9}
        for entry in (1, 2):
            ballots.enter_ballot(village.id, year, serial, entry, "党员", grades)
    return village.id, len(listed)


def summary(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return f"median {statistics.median(values):.2f} ms, p95 {p95:.2f} ms, max {values[-1]:.2f} ms (n={len(values)})"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=150)
    parser.add_argument("--ballots", type=int, default=200, help="ballots entered twice before timing")
    parser.add_argument("--rounds", type=int, default=5, help="ballots typed while timing")
    args = parser.parse_args(argv)
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from lianhu_desktop.gui.app import make_application
    from lianhu_desktop.gui.ballot_entry import open_ballot_entry
    from lianhu_desktop.store import db as store_db

    year = 2026
    with tempfile.TemporaryDirectory(prefix="lianhu-bench-") as folder:
        store_db.open_database(Path(folder) / "ballots.db", create=True)
        started = time.perf_counter()
        village_id, listed = build(args.members, args.ballots, year)
        print(f"{listed} members on the ballot, {args.ballots} ballots entered twice "
              f"({time.perf_counter() - started:.1f} s to build)")
        app = make_application()
        window = open_ballot_entry(None, village_id, year)
        app.processEvents()
        rnd = random.Random(11)
        keys, key_cpu, saves, save_cpu = [], [], [], []
        for _round in range(args.rounds):
            window.grid.setFocus()
            for _row in range(listed):
                key = rnd.choice("12340")
                begin, cpu = time.perf_counter(), time.process_time()
                QTest.keyClick(window.grid, key)
                app.processEvents()
                keys.append((time.perf_counter() - begin) * 1000)
                key_cpu.append((time.process_time() - cpu) * 1000)
            begin, cpu = time.perf_counter(), time.process_time()
            QTest.keyClick(window.grid, Qt.Key.Key_Return)
            app.processEvents()
            saves.append((time.perf_counter() - begin) * 1000)
            save_cpu.append((time.process_time() - cpu) * 1000)
        entered = window.state.count.sums.returned
        print(f"one key (grade a member, move down, repaint), wall: {summary(keys)}")
        print(f"                                              cpu:  {summary(key_cpu)}")
        print(f"save a ballot (Enter: write, notice, refresh), wall: {summary(saves)}")
        print(f"                                               cpu:  {summary(save_cpu)}")
        print(f"ballots returned after typing: {entered}")
        window.close()
        store_db.close_database()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
