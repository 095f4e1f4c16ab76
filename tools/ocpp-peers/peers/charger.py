"""Charge points: the `ocpp` library's ChargePoint on the charger side (1.6 and 2.0.1), connected through the
recorder. The script plays the firmware: it sends their CALLs and decides how they answer the CSMS's
(an answer, a late answer, a CALLERROR, or no answer at all)."""
import asyncio
import itertools
import json
from urllib.parse import quote

from ocpp.exceptions import InternalError
from ocpp.routing import on
from ocpp.v16 import ChargePoint as CP16, call_result as r16
from ocpp.v201 import ChargePoint as CP201, call_result as r201
from websockets.asyncio.client import connect


class Answers:
    """The answers the firmware will give, per action: ("status", S), ("late", S), ("error",), ("never",)."""
    def __init__(self):
        self.next = {}
        self.received = asyncio.Event()
        self.release = asyncio.Event()

    def set(self, action, answer):
        self.next[action] = answer
        self.received = asyncio.Event()
        self.release = asyncio.Event()

    async def status(self, action, default="Accepted"):
        answer = self.next.pop(action, ("status", default))
        if answer[0] == "error":
            raise InternalError(description="firmware failed to handle " + action)
        if answer[0] == "late":
            self.received.set()
            await self.release.wait()
        return answer[1]

    def swallows(self, raw):
        """A CALL the firmware drops without answering."""
        msg = json.loads(raw)
        if msg[0] == 2 and self.next.get(msg[2], ("",))[0] == "never":
            del self.next[msg[2]]
            return True
        return False


class Point16(CP16):
    def __init__(self, cid, ws, answers):
        super().__init__(cid, ws, response_timeout=30)
        self.answers = answers

    async def route_message(self, raw):
        if self.answers.swallows(raw):
            return
        await super().route_message(raw)

    @on("Reset")
    async def on_reset(self, type, **kw):
        return r16.Reset(status=await self.answers.status("Reset"))

    @on("UnlockConnector")
    async def on_unlock(self, connector_id, **kw):
        return r16.UnlockConnector(status=await self.answers.status("UnlockConnector", "Unlocked"))

    @on("ChangeAvailability")
    async def on_change_availability(self, **kw):
        return r16.ChangeAvailability(status=await self.answers.status("ChangeAvailability"))

    @on("RemoteStartTransaction")
    async def on_remote_start(self, id_tag, **kw):
        return r16.RemoteStartTransaction(status=await self.answers.status("RemoteStartTransaction"))

    @on("RemoteStopTransaction")
    async def on_remote_stop(self, transaction_id, **kw):
        return r16.RemoteStopTransaction(status=await self.answers.status("RemoteStopTransaction"))

    @on("TriggerMessage")
    async def on_trigger(self, requested_message, **kw):
        return r16.TriggerMessage(status=await self.answers.status("TriggerMessage"))


class Point201(CP201):
    def __init__(self, cid, ws, answers):
        super().__init__(cid, ws, response_timeout=30)
        self.answers = answers

    async def route_message(self, raw):
        if self.answers.swallows(raw):
            return
        await super().route_message(raw)

    @on("Reset")
    async def on_reset(self, type, **kw):
        return r201.Reset(status=await self.answers.status("Reset"))

    @on("UnlockConnector")
    async def on_unlock(self, evse_id, connector_id, **kw):
        return r201.UnlockConnector(status=await self.answers.status("UnlockConnector", "Unlocked"))

    @on("ChangeAvailability")
    async def on_change_availability(self, operational_status, **kw):
        return r201.ChangeAvailability(status=await self.answers.status("ChangeAvailability"))

    @on("RequestStartTransaction")
    async def on_request_start(self, id_token, remote_start_id, **kw):
        return r201.RequestStartTransaction(status=await self.answers.status("RequestStartTransaction"))

    @on("RequestStopTransaction")
    async def on_request_stop(self, transaction_id, **kw):
        return r201.RequestStopTransaction(status=await self.answers.status("RequestStopTransaction"))

    @on("TriggerMessage")
    async def on_trigger(self, requested_message, **kw):
        return r201.TriggerMessage(status=await self.answers.status("TriggerMessage"))


class Charger:
    """One charge point and its connection; message ids count from 1 again on every connection."""
    def __init__(self, cid, version, url):
        self.cid = cid
        self.version = version            # "1.6" or "2.0.1"
        self.url = url
        self.answers = Answers()
        self.cp = None
        self.ws = None
        self.task = None
        self.register_wh = 0              # the meter's energy register
        self.open_tx = None               # a transaction the charger has not stopped yet

    @property
    def connected(self):
        return self.ws is not None

    async def connect(self):
        sub = "ocpp1.6" if self.version == "1.6" else "ocpp2.0.1"
        self.ws = await connect(self.url + "/ocpp/" + quote(self.cid, safe=""), subprotocols=[sub], ping_interval=None)
        cls = Point16 if self.version == "1.6" else Point201
        self.cp = cls(self.cid, self.ws, self.answers)
        ids = itertools.count(1)
        self.cp._unique_id_generator = lambda: str(next(ids))
        self.task = asyncio.create_task(self._serve())

    async def _serve(self):
        try:
            await self.cp.start()
        except Exception:
            pass

    async def call(self, payload, timeout=5.0):
        self.cp._response_timeout = timeout
        return await self.cp.call(payload)

    def forget(self):
        if self.task:
            self.task.cancel()
        self.ws = None
        self.cp = None

    async def close(self):
        """The charger closes its connection (a reboot)."""
        await self.ws.close(1001, "reboot")
        self.forget()

    def power_cut(self):
        """The TCP connection just ends: no close frame."""
        self.ws.transport.abort()
        self.forget()
