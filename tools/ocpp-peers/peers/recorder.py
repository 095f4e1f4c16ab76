"""The recorder in the middle: chargers connect to it, it opens the same path upstream to the CSMS with the
subprotocol the charger asked for, relays every message unchanged both ways, and writes each one (and the
connection's start and end) to the frame log with the simulated clock's time. What is in the log is exactly
what crossed the wire."""
import asyncio
import json
from urllib.parse import unquote

from websockets.asyncio.client import connect
from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed

from .clock import SimClock, iso_ms


class Recorder:
    def __init__(self, clock: SimClock, upstream: str, out):
        self.clock = clock
        self.upstream = upstream
        self.out = out
        self.lines = 0
        self.closed = {}      # charger id -> asyncio.Event set when its connection's end is logged
        self.opened = {}      # charger id -> asyncio.Event set when its connection's start is logged
        self.live = {}        # charger id -> (downstream, upstream)
        self.moving = set()   # chargers the recorder closes on purpose (initiator router)
        self.server = None

    async def start(self, port: int = 0) -> int:
        self.server = await serve(self._handle, "127.0.0.1", port, subprotocols=["ocpp1.6", "ocpp2.0.1"])
        return self.server.sockets[0].getsockname()[1]

    async def stop(self):
        self.server.close()
        await self.server.wait_closed()

    def _write(self, record: dict, frame_text: str | None = None) -> None:
        text = json.dumps(record, separators=(",", ":"), ensure_ascii=False)
        if frame_text is not None:
            if "\n" in frame_text or "\r" in frame_text:
                frame_text = json.dumps(json.loads(frame_text), separators=(",", ":"), ensure_ascii=False)
            text = text[:-1] + ',"frame":' + frame_text + "}"
        self.out.write(text + "\n")
        self.lines += 1

    def _event(self, cid: str, event: str, **extra) -> None:
        self._write({"time": iso_ms(self.clock.stamp()), "charger": cid, "event": event, **extra})

    async def _handle(self, down):
        path = down.request.path
        cid = unquote(path.rsplit("/", 1)[-1])
        sub = down.subprotocol
        try:
            up = await connect(self.upstream + path, subprotocols=[sub], open_timeout=5, ping_interval=None)
        except Exception:
            await down.close(1011, "backend unreachable")
            return
        self._event(cid, "connected", subprotocol=sub)
        self.live[cid] = (down, up)
        self.opened.setdefault(cid, asyncio.Event()).set()
        self.closed[cid] = asyncio.Event()
        pumps = {asyncio.create_task(self._pump(cid, down, up, "charger")): "charger",
                 asyncio.create_task(self._pump(cid, up, down, "csms")): "csms"}
        done, pending = await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        first = pumps[next(iter(done))]
        if cid in self.moving:
            initiator = "router"
        else:
            ended = down if first == "charger" else up
            initiator = first if ended.protocol.close_rcvd is not None else "network"
        for task in pending:
            task.cancel()
        self._event(cid, "disconnected", initiator=initiator)
        self.live.pop(cid, None)
        self.moving.discard(cid)
        other = up if first == "charger" else down
        try:
            await asyncio.wait_for(other.close(1001 if initiator != "network" else 1011), 2)
        except Exception:
            pass
        self.opened[cid] = asyncio.Event()
        self.closed[cid].set()

    async def _pump(self, cid, src, dst, side):
        try:
            async for message in src:
                self._write({"time": iso_ms(self.clock.stamp()), "charger": cid, "from": side}, message)
                await dst.send(message)
        except ConnectionClosed:
            pass

    async def move(self, cid: str):
        """Closes a charger's connection on purpose, as a routing layer moving it to another backend."""
        self.moving.add(cid)
        down, up = self.live[cid]
        await up.close(1012, "moving")
        await self.wait_closed(cid)

    async def wait_closed(self, cid: str):
        await asyncio.wait_for(self.closed[cid].wait(), 5)

    async def wait_open(self, cid: str):
        await asyncio.wait_for(self.opened.setdefault(cid, asyncio.Event()).wait(), 5)
