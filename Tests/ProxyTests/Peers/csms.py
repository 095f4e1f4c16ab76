#!/usr/bin/env python3
"""A central system (CSMS) for the proxy tests, built on the `ocpp` library and `websockets`.

It speaks OCPP 1.6 and 2.0.1 (chosen by subprotocol, as OCPP-J says) and writes everything it
receives and sends, and every connection, to a JSON Lines log — the tests judge the proxy on what the
backends saw, not on the proxy's word.

    csms.py --name legacy --log legacy.jsonl [--port 0] [--tx-base 1000]
            [--subprotocols ocpp1.6,ocpp2.0.1] [--accept-without-subprotocol]
            [--password SECRET] [--refuse ID ...] [--cert PEM --key PEM]

Prints `LISTENING <port>` once it listens. Reads commands from standard input, one JSON object a line:
    {"cmd": "call", "charger": "CP-01", "action": "RemoteStartTransaction", "payload": {...}}
sends a CALL to that charger (the answer is logged). Log records:
    {"t": unix time, "event": "connected", "charger", "subprotocol", "authorization", "path"}
    {"t", "event": "received" | "sent", "charger", "message": [the OCPP-J array]}
    {"t", "event": "disconnected", "charger", "code"}
"""
import argparse
import asyncio
import base64
import json
import ssl
import sys
import time
import urllib.parse
from datetime import datetime, timezone
from http import HTTPStatus

from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed

from ocpp.routing import on
from ocpp.v16 import ChargePoint as ChargePoint16, call_result as result16
from ocpp.v16.enums import Action as Action16, RegistrationStatus as Reg16, AuthorizationStatus as Auth16
from ocpp.v201 import ChargePoint as ChargePoint201, call_result as result201
from ocpp.v201.enums import Action as Action201, RegistrationStatusEnumType as Reg201

args = None
log_file = None
connections = {}
tx_counter = 0


def now_iso():
    return datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")


def log(record):
    record = {"t": time.time(), **record}
    log_file.write(json.dumps(record) + "\n")
    log_file.flush()


class LoggedConnection:
    """What the ChargePoint reads from and writes to: the WebSocket, with every message logged."""

    def __init__(self, ws, charger):
        self.ws = ws
        self.charger = charger

    async def recv(self):
        text = await self.ws.recv()
        log({"event": "received", "charger": self.charger, "message": json.loads(text)})
        return text

    async def send(self, text):
        log({"event": "sent", "charger": self.charger, "message": json.loads(text)})
        await self.ws.send(text)


def next_transaction_id():
    global tx_counter
    tx_counter += 1
    return args.tx_base + tx_counter


class Central16(ChargePoint16):
    @on(Action16.boot_notification)
    def on_boot(self, charge_point_vendor, charge_point_model, **kwargs):
        return result16.BootNotification(current_time=now_iso(), interval=300, status=Reg16(args.boot_status))

    @on(Action16.heartbeat)
    def on_heartbeat(self):
        return result16.Heartbeat(current_time=now_iso())

    @on(Action16.status_notification)
    def on_status(self, **kwargs):
        return result16.StatusNotification()

    @on(Action16.authorize)
    def on_authorize(self, id_tag):
        return result16.Authorize(id_tag_info={"status": Auth16.accepted})

    @on(Action16.start_transaction)
    def on_start(self, connector_id, id_tag, meter_start, timestamp, **kwargs):
        return result16.StartTransaction(transaction_id=next_transaction_id(), id_tag_info={"status": Auth16.accepted})

    @on(Action16.stop_transaction)
    def on_stop(self, meter_stop, timestamp, transaction_id, **kwargs):
        return result16.StopTransaction(id_tag_info={"status": Auth16.accepted})

    @on(Action16.meter_values)
    def on_meter(self, connector_id, meter_value, **kwargs):
        return result16.MeterValues()

    @on(Action16.data_transfer)
    def on_data(self, vendor_id, **kwargs):
        return result16.DataTransfer(status="Accepted", data=kwargs.get("data"))


class Central201(ChargePoint201):
    @on(Action201.boot_notification)
    def on_boot(self, charging_station, reason, **kwargs):
        return result201.BootNotification(current_time=now_iso(), interval=300, status=Reg201(args.boot_status))

    @on(Action201.heartbeat)
    def on_heartbeat(self):
        return result201.Heartbeat(current_time=now_iso())

    @on(Action201.status_notification)
    def on_status(self, **kwargs):
        return result201.StatusNotification()

    @on(Action201.transaction_event)
    def on_transaction(self, event_type, timestamp, trigger_reason, seq_no, transaction_info, **kwargs):
        return result201.TransactionEvent()

    @on(Action201.authorize)
    def on_authorize(self, id_token, **kwargs):
        return result201.Authorize(id_token_info={"status": "Accepted"})


def charger_of(path):
    segment = urllib.parse.urlsplit(path).path.rstrip("/").rsplit("/", 1)[-1]
    return urllib.parse.unquote(segment)


def select_subprotocol(connection, offered):
    """OCPP-J: choose a common version; if there is none, complete the handshake without one (and close)."""
    for p in args.subprotocols:
        if p in offered:
            return p
    return None


def process_request(connection, request):
    charger = charger_of(request.path)
    if charger in args.refuse:
        return connection.respond(HTTPStatus.NOT_FOUND, "unknown charging station\n")
    if args.password is not None:
        header = request.headers.get("Authorization", "")
        expected = "Basic " + base64.b64encode(f"{charger}:{args.password}".encode()).decode()
        if header != expected:
            log({"event": "unauthorized", "charger": charger, "authorization": header})
            return connection.respond(HTTPStatus.UNAUTHORIZED, "bad credentials\n")
    if not request.headers.get("Sec-WebSocket-Protocol") and not args.accept_without_subprotocol:
        return connection.respond(HTTPStatus.BAD_REQUEST, "missing subprotocol\n")
    return None


async def handler(ws):
    charger = charger_of(ws.request.path)
    offered = ws.request.headers.get("Sec-WebSocket-Protocol")
    log({"event": "connected", "charger": charger, "subprotocol": ws.subprotocol, "offered": offered,
         "authorization": ws.request.headers.get("Authorization"), "path": ws.request.path})
    if offered and ws.subprotocol is None:
        await ws.close(1002, "no common OCPP version")
        log({"event": "disconnected", "charger": charger, "code": 1002, "by": "csms"})
        return
    version = ws.subprotocol or "ocpp1.6"
    cls = Central201 if version == "ocpp2.0.1" else Central16
    cp = cls(charger, LoggedConnection(ws, charger), response_timeout=30)
    connections[charger] = cp
    try:
        await cp.start()
    except ConnectionClosed:
        pass
    finally:
        if connections.get(charger) is cp:
            del connections[charger]
        protocol = ws.protocol
        rcvd = protocol.close_rcvd
        by = "network" if protocol.close_rcvd_then_sent is None else ("charger" if protocol.close_rcvd_then_sent else "csms")
        log({"event": "disconnected", "charger": charger, "code": rcvd.code if rcvd else None, "by": by})


async def command_loop():
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            return
        command = json.loads(line)
        if command.get("cmd") == "call":
            asyncio.create_task(send_call(command))


async def send_call(command):
    cp = connections.get(command["charger"])
    if cp is None:
        log({"event": "call-failed", "charger": command["charger"], "reason": "not connected"})
        return
    import ocpp.v16.call as call16
    import ocpp.v201.call as call201
    module = call201 if isinstance(cp, Central201) else call16
    payload = getattr(module, command["action"])(**command.get("payload", {}))
    try:
        answer = await cp.call(payload, suppress=False)
        log({"event": "call-answered", "charger": command["charger"], "action": command["action"], "answer": str(answer)})
    except Exception as error:
        log({"event": "call-failed", "charger": command["charger"], "action": command["action"], "reason": repr(error)})


async def main():
    global args, log_file
    parser = argparse.ArgumentParser()
    parser.add_argument("--name", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tx-base", type=int, default=1000)
    parser.add_argument("--subprotocols", default="ocpp1.6,ocpp2.0.1")
    parser.add_argument("--accept-without-subprotocol", action="store_true")
    parser.add_argument("--password")
    parser.add_argument("--refuse", nargs="*", default=[])
    parser.add_argument("--boot-status", default="Accepted")
    parser.add_argument("--cert", help="PEM certificate chain: serve wss://")
    parser.add_argument("--key", help="PEM private key of --cert")
    args = parser.parse_args()
    args.subprotocols = [p for p in args.subprotocols.split(",") if p]
    log_file = open(args.log, "a", buffering=1)
    tls = None
    if args.cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.cert, args.key)
    async with serve(handler, "127.0.0.1", args.port, subprotocols=args.subprotocols, select_subprotocol=select_subprotocol,
                     process_request=process_request, ping_interval=None, compression=None, ssl=tls) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"LISTENING {port}", flush=True)
        await command_loop()
        await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
