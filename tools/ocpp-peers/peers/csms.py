"""The central system: the `ocpp` library's ChargePoint on the CSMS side, for 1.6 and 2.0.1, answering as the
script planned (boot statuses, idTag statuses, late answers) and sending the remote actions the script asks for."""
import asyncio
import itertools
from urllib.parse import unquote

from ocpp.routing import on
from ocpp.v16 import ChargePoint as CP16, call_result as r16
from ocpp.v201 import ChargePoint as CP201, call_result as r201
from websockets.asyncio.server import serve

from .clock import iso_payload


def tag_status(tag: str) -> str:
    """The authorisation status the CSMS gives an idTag / idToken."""
    if tag.startswith("BLOCKED"):
        return "Blocked"
    if tag.startswith("INVALID"):
        return "Invalid"
    return "Accepted"


class Plan:
    """What the CSMS will answer next: boot statuses per charger, and CALLs it holds until the script releases them."""
    def __init__(self):
        self.boot = {}       # cid -> list of statuses, first used first; Accepted when empty
        self.holds = {}      # (cid, action) -> (received Event, release Event)

    def hold(self, cid, action):
        pair = (asyncio.Event(), asyncio.Event())
        self.holds[(cid, action)] = pair
        return pair

    async def maybe_hold(self, cid, action):
        pair = self.holds.pop((cid, action), None)
        if pair:
            pair[0].set()
            await pair[1].wait()


class Central16(CP16):
    def __init__(self, cid, ws, csms):
        super().__init__(cid, ws, response_timeout=30)
        self.csms = csms

    @on("BootNotification")
    async def on_boot(self, **kw):
        await self.csms.plan.maybe_hold(self.id, "BootNotification")
        statuses = self.csms.plan.boot.get(self.id) or []
        status = statuses.pop(0) if statuses else "Accepted"
        return r16.BootNotification(current_time=iso_payload(self.csms.clock.now_us), interval=300, status=status)

    @on("Heartbeat")
    def on_heartbeat(self, **kw):
        return r16.Heartbeat(current_time=iso_payload(self.csms.clock.now_us))

    @on("StatusNotification")
    def on_status(self, **kw):
        return r16.StatusNotification()

    @on("StartTransaction")
    async def on_start(self, id_tag, **kw):
        await self.csms.plan.maybe_hold(self.id, "StartTransaction")
        tx = next(self.csms.transaction_ids)
        return r16.StartTransaction(transaction_id=tx, id_tag_info={"status": tag_status(id_tag)})

    @on("StopTransaction")
    def on_stop(self, **kw):
        return r16.StopTransaction(id_tag_info={"status": "Accepted"})

    @on("MeterValues")
    def on_meter_values(self, **kw):
        return r16.MeterValues()


class Central201(CP201):
    def __init__(self, cid, ws, csms):
        super().__init__(cid, ws, response_timeout=30)
        self.csms = csms

    @on("BootNotification")
    async def on_boot(self, **kw):
        await self.csms.plan.maybe_hold(self.id, "BootNotification")
        statuses = self.csms.plan.boot.get(self.id) or []
        status = statuses.pop(0) if statuses else "Accepted"
        return r201.BootNotification(current_time=iso_payload(self.csms.clock.now_us), interval=300, status=status)

    @on("Heartbeat")
    def on_heartbeat(self, **kw):
        return r201.Heartbeat(current_time=iso_payload(self.csms.clock.now_us))

    @on("StatusNotification")
    def on_status(self, **kw):
        return r201.StatusNotification()

    @on("TransactionEvent")
    async def on_transaction_event(self, event_type, id_token=None, **kw):
        await self.csms.plan.maybe_hold(self.id, "TransactionEvent")
        if event_type == "Started" and id_token is not None:
            return r201.TransactionEvent(id_token_info={"status": tag_status(id_token["id_token"])})
        return r201.TransactionEvent()

    @on("MeterValues")
    def on_meter_values(self, **kw):
        return r201.MeterValues()


class CSMS:
    def __init__(self, clock, rng):
        self.clock = clock
        self.rng = rng
        self.plan = Plan()
        self.transaction_ids = itertools.count(1001)
        self.points = {}     # cid -> (central ChargePoint, websocket)
        self.server = None
        self.port = None

    async def start(self, port: int = 0) -> int:
        self.server = await serve(self._handle, "127.0.0.1", port, subprotocols=["ocpp1.6", "ocpp2.0.1"], ping_interval=None)
        self.port = self.server.sockets[0].getsockname()[1]
        return self.port

    async def _handle(self, ws):
        cid = unquote(ws.request.path.rsplit("/", 1)[-1])
        cls = Central16 if ws.subprotocol == "ocpp1.6" else Central201
        cp = cls(cid, ws, self)
        # Message ids: some CSMSs count from 1 on every connection (as the chargers here do), others send UUIDs.
        if self.rng.random() < 0.5:
            counter = itertools.count(1)
            cp._unique_id_generator = lambda: str(next(counter))
        else:
            rng = self.rng
            cp._unique_id_generator = lambda: "%08x-%04x-4%03x-a%03x-%012x" % (
                rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12), rng.getrandbits(12), rng.getrandbits(48))
        self.points[cid] = (cp, ws)
        try:
            await cp.start()
        except Exception:
            pass
        finally:
            if self.points.get(cid, (None, None))[1] is ws:
                del self.points[cid]

    async def call(self, cid, payload, timeout=5.0):
        """Sends a CALL to charger `cid` and returns its answer (None for a CALLERROR); raises TimeoutError."""
        cp, _ = self.points[cid]
        cp._response_timeout = timeout
        return await cp.call(payload)

    async def restart(self, recorder, on_drop):
        """Goes down: closes every charger's connection (one by one, so the log's order is deterministic), then
        the listening socket; comes back on the same port."""
        for cid in sorted(self.points):
            _, ws = self.points[cid]
            await ws.close(1001, "restart")
            await recorder.wait_closed(cid)
            on_drop(cid)
        self.server.close()
        await self.server.wait_closed()
        await self.start(self.port)
