"""The script: what the chargers and the CSMS do, day by day, and what each step must count (OCPP.md's KPIs),
counted as it is scripted."""
import asyncio
import random

from ocpp.v16 import call as c16
from ocpp.v201 import call as c201

from .charger import Charger
from .clock import DAY_US, US, at, iso_payload
from .csms import tag_status
from .expected import ABNORMAL

SUCCESS = {"Accepted", "Unlocked", "Scheduled"}
REMOTE_ACTIONS = {"Reset", "UnlockConnector", "ChangeAvailability", "RemoteStartTransaction", "RemoteStopTransaction",
                  "RequestStartTransaction", "RequestStopTransaction", "TriggerMessage"}

V16 = ["NL-AMS-001", "NL-AMS-002", "RDAM 123", "DE-BER-0007"]
V201 = ["CS201-UTR-01", "CS201-UTR-02"]
# Another identity for a scripted charger (generate.py --rename OLD=NEW): the same script, a fleet's ids.
RENAME = {}


class Scenario:
    def __init__(self, seed, days, clock, recorder, csms, expected, url, start_us):
        self.rng = random.Random(seed * 7919 + 1)
        self.days = days
        self.clock = clock
        self.recorder = recorder
        self.csms = csms
        self.expected = expected
        self.url = url
        self.start_us = start_us
        self.chargers = ([Charger(RENAME.get(cid, cid), "1.6", url) for cid in V16]
                         + [Charger(RENAME.get(cid, cid), "2.0.1", url) for cid in V201])
        for c in self.chargers:
            expected.charger(c.cid)
            c.ts_style = self.rng.choice([0, 1, 2])
        self.tags = 0

    # --- counting -------------------------------------------------------------------------------------------
    def expect(self, c, metric, us=None, value=1):
        self.expected.add(c.cid, metric, self.clock.now_us if us is None else us, value)

    def pause(self, lo=60, hi=900):
        self.clock.advance(self.rng.randint(lo, hi))

    def ts(self, c, us=None):
        return iso_payload(self.clock.now_us if us is None else us, c.ts_style)

    def tag(self, kind="OK"):
        self.tags += 1
        return f"{kind}-{self.tags:04d}" if kind != "OK" else f"TAG-{self.tags:04d}"

    # --- connections ----------------------------------------------------------------------------------------
    async def connect(self, c, boots=("Accepted",)):
        await c.connect()
        await self.recorder.wait_open(c.cid)
        self.expect(c, "connection.established")
        for k, status in enumerate(boots):
            if k:
                self.clock.advance(self.rng.randint(10, 50))
            await self.boot(c, status)
        await self.status(c, "Available")

    async def boot(self, c, status):
        if c.version == "1.6":
            payload = c16.BootNotification(charge_point_model="GL-DUO", charge_point_vendor="Gridlane")
        else:
            payload = c201.BootNotification(charging_station={"model": "VX-2", "vendor_name": "Voltix"}, reason="PowerUp")
        if status == "late":
            received, release = self.csms.plan.hold(c.cid, "BootNotification")
            task = asyncio.create_task(c.call(payload, timeout=10))
            await received.wait()
            self.clock.advance(self.rng.randint(31, 60))
            release.set()
            await task
            return
        self.csms.plan.boot[c.cid] = [status]
        await c.call(payload)
        if status in ("Accepted", "Rejected"):
            self.expect(c, "boot." + status.lower())

    async def status(self, c, status):
        if c.version == "1.6":
            await c.call(c16.StatusNotification(connector_id=1, error_code="GroundFailure" if status == "Faulted" else "NoError",
                                                status=status, timestamp=self.ts(c)))
        else:
            await c.call(c201.StatusNotification(timestamp=self.ts(c), connector_status=status, evse_id=1, connector_id=1))
        if status == "Faulted":
            self.expect(c, "status.faulted")

    async def dropped(self, c):
        await self.recorder.wait_closed(c.cid)
        self.expect(c, "connection.dropped")

    async def reboot(self, c):
        await c.close()
        await self.dropped(c)
        self.pause(20, 90)
        await self.connect(c)

    async def moved(self, c):
        await self.recorder.move(c.cid)          # a routing layer's planned close: not a drop
        c.forget()
        self.pause(2, 20)
        await self.connect(c)

    # --- sessions -------------------------------------------------------------------------------------------
    def sample16(self, wh, unit):
        value = str(wh) if unit == "Wh" else f"{wh // 1000}.{wh % 1000:03d}"
        sv = {"value": value, "measurand": "Energy.Active.Import.Register"}
        if unit == "kWh" or self.rng.random() < 0.5:
            sv["unit"] = unit
        if unit == "Wh" and self.rng.random() < 0.3:
            del sv["measurand"]                  # absent measurand: the register, as 1.6 says
        return sv

    async def session16(self, c, tag=None, unit=None, anomaly=None, reason="Local", minutes=None, late_start=False, cut=False,
                        stop_at=None):
        tag = tag or self.tag()
        unit = unit or self.rng.choice(["Wh", "kWh"])
        meter_start = c.register_wh
        start_us = self.clock.now_us
        payload = c16.StartTransaction(connector_id=1, id_tag=tag, meter_start=meter_start, timestamp=self.ts(c))
        self.expect(c, "session.attempted")
        if late_start:
            received, release = self.csms.plan.hold(c.cid, "StartTransaction")
            task = asyncio.create_task(c.call(payload, timeout=10))
            await received.wait()
            self.clock.advance(self.rng.randint(31, 45))
            release.set()
            result = await task
        else:
            result = await c.call(payload)
        tx = result.transaction_id
        accepted = tag_status(tag) == "Accepted"
        if accepted and not late_start:
            self.expect(c, "session.started")
        checked = not late_start
        if not accepted:
            reason, minutes = "DeAuthorized", 0
        await self.status(c, "Charging" if accepted else "Available")
        minutes = self.rng.randint(20, 180) if minutes is None else minutes
        steps = self.rng.randint(2, 5) if minutes else 0
        for k in range(steps):
            self.clock.advance(minutes * 60 / steps)
            c.register_wh += self.rng.randint(800, 6000)
            stamp = self.clock.now_us
            if anomaly == "backwards" and k == steps - 1:
                stamp = start_us - self.rng.randint(60, 600) * US     # the charger's clock went back
            reported = c.register_wh + (self.rng.randint(1, 900) if anomaly == "above" and k == steps - 1 else 0)
            values = [self.sample16(reported, unit),
                      {"value": str(self.rng.randint(50_000, 90_000)), "measurand": "Power.Active.Import", "unit": "W"},
                      {"value": "229.8", "measurand": "Voltage", "unit": "V"}]
            await c.call(c16.MeterValues(connector_id=1, transaction_id=tx,
                                          meter_value=[{"timestamp": self.ts(c, stamp), "sampledValue": values}]))
            if cut and k == 0:
                return await self.power_cut16(c, tx, meter_start, checked)
        if stop_at is not None:
            self.clock.set_at_least(stop_at)
        meter_stop = c.register_wh if anomaly != "below" else meter_start - self.rng.randint(1, 50)
        # A register above meterStop or a timestamp going back needs a MeterValues to carry it.
        mismatched = anomaly == "below" or (anomaly is not None and steps > 0)
        await self.stop16(c, tx, meter_start, meter_stop, reason, checked, mismatched=mismatched)

    async def stop16(self, c, tx, meter_start, meter_stop, reason, checked, mismatched, stamp=None):
        kw = {"meter_stop": meter_stop, "timestamp": self.ts(c, stamp), "transaction_id": tx}
        if reason is not None:
            kw["reason"] = reason
        if self.rng.random() < 0.4:
            kw["transaction_data"] = [{"timestamp": self.ts(c, stamp), "sampledValue": [{"value": str(meter_stop), "unit": "Wh"}]}]
        await c.call(c16.StopTransaction(**kw))
        self.expect(c, "session.stopped")
        if reason in ABNORMAL:
            self.expect(c, "session.stopped_abnormally")
        if checked:
            self.expect(c, "cdr.checked")
            if mismatched:
                self.expect(c, "cdr.mismatched")
            else:
                self.expect(c, "energy.wh", value=meter_stop - meter_start)
        await self.status(c, "Available")

    async def power_cut16(self, c, tx, meter_start, checked):
        cut_us = self.clock.now_us
        c.power_cut()
        await self.dropped(c)
        self.pause(120, 900)
        await self.connect(c)
        await self.stop16(c, tx, meter_start, c.register_wh, "PowerLoss", checked, mismatched=False, stamp=cut_us)

    async def session201(self, c, tag="auto", reason=None, minutes=None, late_start=False, cut=False, stop_at=None):
        tag = self.tag() if tag == "auto" else tag
        tx = f"TX-{c.cid[-2:]}-{self.rng.getrandbits(24):06x}"
        kw = {"event_type": "Started", "timestamp": self.ts(c), "trigger_reason": "Authorized" if tag else "CablePluggedIn",
              "seq_no": 0, "transaction_info": {"transaction_id": tx}}
        if tag:
            kw["id_token"] = {"id_token": tag, "type": "ISO14443"}
        self.expect(c, "session.attempted")
        if late_start:
            received, release = self.csms.plan.hold(c.cid, "TransactionEvent")
            task = asyncio.create_task(c.call(c201.TransactionEvent(**kw), timeout=10))
            await received.wait()
            self.clock.advance(self.rng.randint(31, 45))
            release.set()
            await task
        else:
            await c.call(c201.TransactionEvent(**kw))
            if tag is None or tag_status(tag) == "Accepted":
                self.expect(c, "session.started")
        minutes = self.rng.randint(15, 150) if minutes is None else minutes
        steps = self.rng.randint(1, 3)
        for k in range(steps):
            self.clock.advance(minutes * 60 / steps)
            c.register_wh += self.rng.randint(800, 6000)
            mv = [{"timestamp": self.ts(c), "sampled_value": [{"value": c.register_wh / 1000,
                                                                "unit_of_measure": {"unit": "kWh"}}]}]
            await c.call(c201.TransactionEvent(event_type="Updated", timestamp=self.ts(c), trigger_reason="MeterValuePeriodic",
                                               seq_no=k + 1, transaction_info={"transaction_id": tx}, meter_value=mv))
            if cut:
                cut_us = self.clock.now_us
                c.power_cut()
                await self.dropped(c)
                self.pause(120, 900)
                await self.connect(c)
                reason, steps = "PowerLoss", k + 1
                await self.end201(c, tx, reason, steps + 1, stamp=cut_us)
                return
        if stop_at is not None:
            self.clock.set_at_least(stop_at)
        await self.end201(c, tx, reason, steps + 1)

    async def end201(self, c, tx, reason, seq, stamp=None):
        info = {"transaction_id": tx}
        if reason is not None:
            info["stopped_reason"] = reason
        await c.call(c201.TransactionEvent(event_type="Ended", timestamp=self.ts(c, stamp), trigger_reason="StopAuthorized",
                                           seq_no=seq, transaction_info=info))
        self.expect(c, "session.stopped")
        if reason in ABNORMAL:
            self.expect(c, "session.stopped_abnormally")

    # --- remote actions -------------------------------------------------------------------------------------
    def remote_payload(self, c, action, **kw):
        if c.version == "1.6":
            return {
                "Reset": lambda: c16.Reset(type=kw.get("kind", "Soft")),
                "UnlockConnector": lambda: c16.UnlockConnector(connector_id=1),
                "ChangeAvailability": lambda: c16.ChangeAvailability(connector_id=0, type="Operative"),
                "RemoteStartTransaction": lambda: c16.RemoteStartTransaction(id_tag=kw["tag"], connector_id=1),
                "RemoteStopTransaction": lambda: c16.RemoteStopTransaction(transaction_id=kw.get("tx", 1)),
                "TriggerMessage": lambda: c16.TriggerMessage(requested_message="StatusNotification", connector_id=1),
            }[action]()
        return {
            "Reset": lambda: c201.Reset(type=kw.get("kind", "OnIdle")),
            "UnlockConnector": lambda: c201.UnlockConnector(evse_id=1, connector_id=1),
            "ChangeAvailability": lambda: c201.ChangeAvailability(operational_status="Operative"),
            "RequestStartTransaction": lambda: c201.RequestStartTransaction(id_token={"id_token": kw["tag"], "type": "ISO14443"},
                                                                             remote_start_id=self.rng.randint(1, 99999)),
            "RequestStopTransaction": lambda: c201.RequestStopTransaction(transaction_id=kw.get("tx", "TX-none")),
            "TriggerMessage": lambda: c201.TriggerMessage(requested_message="StatusNotification"),
        }[action]()

    async def remote(self, c, action, answer, decided=True, **kw):
        """The CSMS sends `action`; the charger answers as `answer` says. Returns the status it answered in time."""
        payload = self.remote_payload(c, action, **kw)
        c.answers.set(action, answer)
        call_us = self.clock.now_us
        self.expect(c, "remote.requested")
        if action == "Reset":
            self.expect(c, "remote.reset.requested")
        if action == "UnlockConnector":
            self.expect(c, "remote.unlock.requested")
        starts = action in ("RemoteStartTransaction", "RequestStartTransaction")
        kind = answer[0]
        if kind == "status":
            result = await self.csms.call(c.cid, payload)
            status = result.status
            if status in SUCCESS:
                self.expect(c, "remote.succeeded")
                if action == "Reset":
                    self.expect(c, "remote.reset.succeeded")
                if action == "UnlockConnector":
                    self.expect(c, "remote.unlock.succeeded")
            if starts and status != "Accepted":
                self.expect(c, "session.attempted")
            return status
        if kind == "error":
            await self.csms.call(c.cid, payload)
            self.expect(c, "call.error")
            if starts:
                self.expect(c, "session.attempted")
            return None
        if kind == "late":
            task = asyncio.create_task(self.csms.call(c.cid, payload, timeout=10))
            await c.answers.received.wait()
            self.clock.advance(self.rng.randint(31, 120))
            c.answers.release.set()
            await task
        else:  # never: the firmware drops it
            try:
                await self.csms.call(c.cid, payload, timeout=0.2)
            except asyncio.TimeoutError:
                pass
            self.clock.advance(0.05)
        if starts and decided:
            self.expect(c, "session.attempted", us=call_us + 30 * US)
        return None

    async def data_transfer(self, c):
        """A vendor message the CSMS does not implement: it answers with a CALLERROR (NotImplemented)."""
        payload = c16.DataTransfer(vendor_id="Gridlane", message_id="diag") if c.version == "1.6" else \
            c201.DataTransfer(vendor_id="Voltix", message_id="diag")
        await c.call(payload)
        self.expect(c, "call.error")

    async def heartbeat(self, c):
        await c.call(c16.Heartbeat() if c.version == "1.6" else c201.Heartbeat())
