"""The simulated clock: the script moves it; the recorder stamps every record with it."""
import datetime as dt
import random

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
US = 1_000_000
DAY_US = 86_400 * US


class SimClock:
    def __init__(self, start_us: int, rng: random.Random):
        self.now_us = start_us
        self._rng = rng

    def stamp(self) -> int:
        """The time of a record, then a small step (0 to 3 ms, sometimes 0 so that events share an instant)."""
        t = self.now_us
        self.now_us += self._rng.choice([0, 1000, 1000, 2000, 3000])
        return t

    def advance(self, seconds: float) -> None:
        self.now_us += int(round(seconds * US))

    def set_at_least(self, us: int) -> None:
        self.now_us = max(self.now_us, us)


def iso_ms(us: int) -> str:
    """2026-09-01T00:38:06.131Z: the frame log's time format."""
    d = EPOCH + dt.timedelta(microseconds=us - us % 1000)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{(us // 1000) % 1000:03d}Z"


def iso_payload(us: int, style: int = 0) -> str:
    """A timestamp as a charger's firmware writes it in payloads: with Z, with +00:00, or whole seconds (each
    charger keeps to one style, so its timestamps never go back by rounding)."""
    d = EPOCH + dt.timedelta(microseconds=us - us % 1000)
    if style == 1:
        return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{(us // 1000) % 1000:03d}+00:00"
    if style == 2:
        return d.strftime("%Y-%m-%dT%H:%M:%SZ")
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{(us // 1000) % 1000:03d}Z"


def day_of(us: int) -> str:
    return (EPOCH + dt.timedelta(microseconds=us)).strftime("%Y-%m-%d")


def at(day_start_us: int, hh: int, mm: int, ss: int = 0) -> int:
    return day_start_us + ((hh * 60 + mm) * 60 + ss) * US
