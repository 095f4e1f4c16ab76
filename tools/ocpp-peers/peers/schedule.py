"""The run: every case issue 10 lists at least once (in a seeded order), random traffic around it, a CSMS
restart on day 2, sessions across UTC midnight, and a tail of CALLs the log ends before deciding."""
import io

from .clock import DAY_US, US, at
from .scenario import RENAME, Scenario

ABNORMAL_REASONS_16 = ["EmergencyStop", "Other", "Reboot", "HardReset", "SoftReset", "PowerLoss"]
NORMAL_REASONS_16 = ["Local", "EVDisconnected", "Remote", None, "DeAuthorized"]
REASONS_201 = ["EVDisconnected", "Local", None, "EmergencyStop", "ImmediateReset", "Timeout", "GroundFault", "Remote"]


class Schedule(Scenario):
    def pick(self, version):
        return self.rng.choice([c for c in self.chargers if c.version == version])

    def coverage(self):
        """(version, step) for every case the KPIs must catch; a step takes the charger it runs on."""
        R = self.remote
        return [
            ("1.6", lambda c: R(c, "Reset", ("status", "Accepted"), kind="Hard")),
            ("1.6", lambda c: R(c, "Reset", ("status", "Rejected"), kind="Soft")),
            ("1.6", lambda c: R(c, "Reset", ("late", "Accepted"), kind="Hard")),
            ("1.6", lambda c: R(c, "Reset", ("never",), kind="Soft")),
            ("1.6", lambda c: R(c, "UnlockConnector", ("status", "Unlocked"))),
            ("1.6", lambda c: R(c, "UnlockConnector", ("status", "UnlockFailed"))),
            ("1.6", lambda c: R(c, "UnlockConnector", ("status", "NotSupported"))),
            ("1.6", lambda c: R(c, "RemoteStartTransaction", ("status", "Rejected"), tag=self.tag())),
            ("1.6", lambda c: R(c, "RemoteStartTransaction", ("error",), tag=self.tag())),
            ("1.6", lambda c: R(c, "RemoteStartTransaction", ("never",), tag=self.tag())),
            ("1.6", lambda c: R(c, "RemoteStartTransaction", ("late", "Accepted"), tag=self.tag())),
            ("1.6", self.remote_start_then_session),
            ("1.6", lambda c: R(c, "RemoteStopTransaction", ("status", "Accepted"), tx=7)),
            ("1.6", lambda c: R(c, "ChangeAvailability", ("status", "Scheduled"))),
            ("1.6", lambda c: R(c, "TriggerMessage", ("status", "Rejected"))),
            ("1.6", lambda c: self.session16(c, unit="Wh")),
            ("1.6", lambda c: self.session16(c, unit="kWh")),
            ("1.6", lambda c: self.session16(c, tag=self.tag("BLOCKED"))),
            ("1.6", lambda c: self.session16(c, tag=self.tag("INVALID"))),
            ("1.6", lambda c: self.session16(c, anomaly="above", unit="kWh")),
            ("1.6", lambda c: self.session16(c, anomaly="backwards")),
            ("1.6", lambda c: self.session16(c, anomaly="below")),
            ("1.6", lambda c: self.session16(c, reason="EmergencyStop")),
            ("1.6", lambda c: self.session16(c, reason=None)),
            ("1.6", lambda c: self.session16(c, late_start=True)),
            ("1.6", lambda c: self.session16(c, cut=True, minutes=60)),
            ("1.6", lambda c: self.status(c, "Faulted")),
            ("1.6", self.data_transfer),
            ("1.6", self.reboot),
            ("1.6", self.moved),
            ("2.0.1", lambda c: R(c, "Reset", ("status", "Scheduled"), kind="Immediate")),
            ("2.0.1", lambda c: R(c, "Reset", ("status", "Accepted"), kind="OnIdle")),
            ("2.0.1", lambda c: R(c, "Reset", ("status", "Rejected"), kind="Immediate")),
            ("2.0.1", lambda c: R(c, "Reset", ("late", "Accepted"), kind="OnIdle")),
            ("2.0.1", lambda c: R(c, "Reset", ("never",), kind="Immediate")),
            ("2.0.1", lambda c: R(c, "UnlockConnector", ("status", "Unlocked"))),
            ("2.0.1", lambda c: R(c, "UnlockConnector", ("status", "UnlockFailed"))),
            ("2.0.1", lambda c: R(c, "UnlockConnector", ("status", "UnknownConnector"))),
            ("2.0.1", lambda c: R(c, "RequestStartTransaction", ("status", "Rejected"), tag=self.tag())),
            ("2.0.1", lambda c: R(c, "RequestStartTransaction", ("error",), tag=self.tag())),
            ("2.0.1", lambda c: R(c, "RequestStartTransaction", ("never",), tag=self.tag())),
            ("2.0.1", self.remote_start_then_session),
            ("2.0.1", lambda c: R(c, "ChangeAvailability", ("status", "Rejected"))),
            ("2.0.1", lambda c: self.session201(c)),
            ("2.0.1", lambda c: self.session201(c, tag=self.tag("BLOCKED"))),
            ("2.0.1", lambda c: self.session201(c, tag=self.tag("INVALID"))),
            ("2.0.1", lambda c: self.session201(c, tag=None)),
            ("2.0.1", lambda c: self.session201(c, reason="EmergencyStop")),
            ("2.0.1", lambda c: self.session201(c, reason="Timeout")),
            ("2.0.1", lambda c: self.session201(c, late_start=True)),
            ("2.0.1", lambda c: self.session201(c, cut=True, minutes=40)),
            ("2.0.1", lambda c: self.status(c, "Faulted")),
            ("2.0.1", self.data_transfer),
        ]

    async def remote_start_then_session(self, c):
        tag = self.tag()
        action = "RemoteStartTransaction" if c.version == "1.6" else "RequestStartTransaction"
        if await self.remote(c, action, ("status", "Accepted"), tag=tag) == "Accepted":
            self.clock.advance(self.rng.randint(5, 40))
            if c.version == "1.6":
                await self.session16(c, tag=tag, reason="Remote")
            else:
                await self.session201(c, tag=tag, reason="Remote")

    async def filler(self, c):
        r = self.rng.random()
        if c.version == "1.6":
            if r < 0.45:
                kind = self.rng.choice(["OK"] * 8 + ["BLOCKED", "INVALID"])
                reason = self.rng.choice(ABNORMAL_REASONS_16) if self.rng.random() < 0.2 else self.rng.choice(NORMAL_REASONS_16)
                anomaly = self.rng.choice([None] * 12 + ["above", "backwards", "below"])
                await self.session16(c, tag=self.tag(kind) if kind != "OK" else None, reason=reason, anomaly=anomaly)
            elif r < 0.75:
                action = self.rng.choice(["Reset", "UnlockConnector", "ChangeAvailability", "TriggerMessage", "RemoteStopTransaction"])
                status = {"Reset": ["Accepted", "Rejected"], "UnlockConnector": ["Unlocked", "UnlockFailed", "NotSupported"],
                          "ChangeAvailability": ["Accepted", "Rejected", "Scheduled"], "TriggerMessage": ["Accepted", "Rejected", "NotImplemented"],
                          "RemoteStopTransaction": ["Accepted", "Rejected"]}[action]
                answer = self.rng.choice([("status", s) for s in status] * 3 + [("late", status[0]), ("never",), ("error",)])
                await self.remote(c, action, answer, kind=self.rng.choice(["Hard", "Soft"]))
            elif r < 0.85:
                await self.status(c, "Faulted")
                self.pause(60, 600)
                await self.status(c, "Available")
            else:
                await self.heartbeat(c)
        else:
            if r < 0.45:
                kind = self.rng.choice(["OK"] * 7 + ["BLOCKED", "INVALID", "NONE"])
                tag = None if kind == "NONE" else self.tag(kind) if kind != "OK" else "auto"
                await self.session201(c, tag=tag, reason=self.rng.choice(REASONS_201))
            elif r < 0.8:
                action = self.rng.choice(["Reset", "UnlockConnector", "ChangeAvailability", "TriggerMessage", "RequestStopTransaction"])
                status = {"Reset": ["Accepted", "Rejected", "Scheduled"], "UnlockConnector": ["Unlocked", "UnlockFailed", "UnknownConnector"],
                          "ChangeAvailability": ["Accepted", "Rejected", "Scheduled"], "TriggerMessage": ["Accepted", "Rejected", "NotImplemented"],
                          "RequestStopTransaction": ["Accepted", "Rejected"]}[action]
                answer = self.rng.choice([("status", s) for s in status] * 3 + [("late", status[0]), ("never",), ("error",)])
                await self.remote(c, action, answer, kind=self.rng.choice(["Immediate", "OnIdle"]))
            else:
                await self.heartbeat(c)

    async def csms_restart(self):
        by_id = {c.cid: c for c in self.chargers}

        def on_drop(cid):
            by_id[cid].forget()
            self.expect(by_id[cid], "connection.dropped")

        await self.csms.restart(self.recorder, on_drop)
        self.pause(60, 180)
        for c in self.chargers:
            await self.connect(c)
            self.pause(1, 20)

    async def run(self, out):
        day0 = self.start_us
        self.clock.set_at_least(at(day0, 0, 5))
        self.expected.span(self.clock.now_us)
        boots = {"NL-AMS-001": ("Rejected", "Pending", "Accepted"), "CS201-UTR-01": ("Pending", "Accepted"),
                 "NL-AMS-002": ("late", "Accepted"), "CS201-UTR-02": ("Rejected", "Accepted")}
        boots = {RENAME.get(cid, cid): b for cid, b in boots.items()}
        for c in self.chargers:
            await self.connect(c, boots.get(c.cid, ("Accepted",)))
            self.pause(1, 30)
        todo = self.coverage()
        self.rng.shuffle(todo)
        for day in range(self.days):
            base = day0 + day * DAY_US
            self.clock.set_at_least(at(base, 6, 0) + self.rng.randint(0, 3600) * US)
            restarted = False
            last_day = day == self.days - 1
            while self.clock.now_us < at(base, 22, 0) or (last_day and todo):
                if day == 1 and not restarted and self.clock.now_us >= at(base, 12, 0):
                    await self.csms_restart()
                    restarted = True
                if todo and (self.rng.random() < 0.55 or last_day):
                    version, step = todo.pop()
                    await step(self.pick(version))
                else:
                    await self.filler(self.rng.choice(self.chargers))
                self.pause(120, 1500)
            if not last_day:
                # Sessions across UTC midnight: started before, stopped after (CDR metrics on the stop's day).
                self.clock.set_at_least(at(base, 23, 30))
                await self.session16(self.pick("1.6"), minutes=40, stop_at=at(base + DAY_US, 0, 25))
                self.clock.set_at_least(at(base, 23, 40) if self.clock.now_us < at(base, 23, 40) else self.clock.now_us)
                await self.session201(self.pick("2.0.1"), minutes=30, reason="EVDisconnected", stop_at=at(base + DAY_US, 0, 35))
        # The tail: CALLs the log ends before deciding (their deadline is after the last record).
        await self.remote(self.pick("1.6"), "TriggerMessage", ("never",))
        await self.remote(self.pick("2.0.1"), "RequestStartTransaction", ("never",), decided=False, tag=self.tag())
        self.clock.advance(10)
        await self.heartbeat(self.pick("1.6"))
        self.expected.span(self.clock.now_us)
        self.recorder.out = io.StringIO()   # the log ends here; what follows (tearing down) is not in it
        out.flush()
