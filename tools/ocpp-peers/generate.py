#!/usr/bin/env python3
"""Writes a frame log recorded between real OCPP peers (the Python `ocpp` library over `websockets`, a CSMS
and charge points for 1.6 and 2.0.1 on 127.0.0.1, a recorder in the middle) and the KPIs the script
expects, counted while scripting:

    python3 tools/ocpp-peers/generate.py --seed 1 --days 3 --out Tests/OCPPTests/Fixtures/peers-seed1

writes peers-seed1.jsonl and peers-seed1.expected.json. The same seed gives the same bytes (a simulated
clock stamps every record; message ids and choices come from the seed)."""
import argparse
import asyncio
import datetime as dt
import logging
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from peers.clock import DAY_US, EPOCH, SimClock  # noqa: E402
from peers.csms import CSMS  # noqa: E402
from peers.expected import Expected  # noqa: E402
from peers.recorder import Recorder  # noqa: E402
from peers.scenario import RENAME, V16, V201  # noqa: E402
from peers.schedule import Schedule  # noqa: E402


async def main(seed: int, days: int, out: pathlib.Path, start_date: str | None = None) -> None:
    if start_date:
        start_us = (dt.datetime.fromisoformat(start_date).replace(tzinfo=dt.timezone.utc) - EPOCH).days * DAY_US
    else:
        start = dt.datetime(2026, 9, 1, tzinfo=dt.timezone.utc) - EPOCH
        start_us = (start.days + (seed - 1) % 20) * DAY_US
    clock = SimClock(start_us, random.Random(seed))
    expected = Expected()
    log_path = out.with_suffix(".jsonl")
    with open(log_path, "w", encoding="utf-8", newline="\n") as log:
        csms = CSMS(clock, random.Random(seed * 31 + 7))
        port = await csms.start()
        recorder = Recorder(clock, f"ws://127.0.0.1:{port}", log)
        rport = await recorder.start()
        schedule = Schedule(seed, days, clock, recorder, csms, expected, f"ws://127.0.0.1:{rport}", start_us)
        await schedule.run(log)
        lines = recorder.lines
        for c in schedule.chargers:
            if c.ws is not None:
                c.power_cut()
        await recorder.stop()
    out.with_suffix(".expected.json").write_text(expected.to_json(), encoding="utf-8")
    print(f"{log_path}: {lines} records; expected KPIs in {out.with_suffix('.expected.json')}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--out", type=pathlib.Path, required=True, help="path without extension")
    parser.add_argument("--start", help="the first UTC day (YYYY-MM-DD); default 2026-09-01 plus (seed - 1) % 20 days")
    parser.add_argument("--rename", action="append", default=[], metavar="OLD=NEW",
                        help="give a scripted charger another identity (e.g. a fleet's id), repeatable")
    args = parser.parse_args()
    for pair in args.rename:
        old, _, new = pair.partition("=")
        if old not in V16 + V201 or not new:
            parser.error(f"--rename {pair}: OLD must be one of {', '.join(V16 + V201)}")
        RENAME[old] = new
    logging.basicConfig(level=logging.CRITICAL)
    asyncio.run(main(args.seed, args.days, args.out, args.start))
