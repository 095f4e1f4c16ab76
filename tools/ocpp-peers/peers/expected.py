"""The KPIs the script expects, counted while it scripts (never by reading the log back)."""
import json
from .clock import day_of

METRICS = [
    "connection.established", "connection.dropped", "boot.accepted", "boot.rejected",
    "session.attempted", "session.started", "session.stopped", "session.stopped_abnormally",
    "remote.requested", "remote.succeeded", "remote.reset.requested", "remote.reset.succeeded",
    "remote.unlock.requested", "remote.unlock.succeeded", "call.error", "status.faulted",
    "cdr.checked", "cdr.mismatched", "energy.wh",
]
ABNORMAL = {"EmergencyStop", "PowerLoss", "Reboot", "HardReset", "SoftReset", "Other", "GroundFault",
            "OvercurrentFault", "PowerQuality", "Timeout", "ImmediateReset"}


class Expected:
    def __init__(self):
        self.chargers = {}
        self.days = {}
        self.totals = dict.fromkeys(METRICS, 0)
        self.first_us = None
        self.last_us = None

    def charger(self, cid: str) -> None:
        self.chargers.setdefault(cid, dict.fromkeys(METRICS, 0))

    def add(self, cid: str, metric: str, us: int, value: int = 1) -> None:
        assert metric in METRICS, metric
        self.charger(cid)
        self.chargers[cid][metric] += value
        self.days.setdefault(day_of(us), dict.fromkeys(METRICS, 0))[metric] += value
        self.totals[metric] += value

    def span(self, us: int) -> None:
        self.first_us = us if self.first_us is None else min(self.first_us, us)
        self.last_us = us if self.last_us is None else max(self.last_us, us)

    def to_json(self) -> str:
        # Every UTC day from the first record to the last appears, zeros included (as `ocpp kpis` shows it).
        days = dict(self.days)
        if self.first_us is not None:
            d = self.first_us - self.first_us % 86_400_000_000
            while d <= self.last_us:
                days.setdefault(day_of(d), dict.fromkeys(METRICS, 0))
                d += 86_400_000_000
        doc = {"totals": self.totals, "per_charger": dict(sorted(self.chargers.items())), "by_day": dict(sorted(days.items()))}
        return json.dumps(doc, indent=2) + "\n"
