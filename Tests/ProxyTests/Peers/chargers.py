#!/usr/bin/env python3
"""Charge points for the proxy tests, built on the `ocpp` library and `websockets`.

Each charger behaves as real firmware does: it boots once (BootNotification on its first connection
only), reconnects after a close or a refusal, keeps its transaction messages (StartTransaction,
MeterValues, StopTransaction / TransactionEvent) until a backend answers them and sends them again
after a reconnect, and answers the CSMS's remote commands.

    chargers.py --url ws://127.0.0.1:PORT/ocpp --ids CP-01,CP-02 [--protocols ocpp1.6|ocpp2.0.1|both|none]
                [--password SECRET] [--reconnect-delay 0.3] [--ca PEM]

Commands on standard input, one JSON object a line, each for one charger:
    {"cmd": "start" | "stop" | "meter" | "heartbeat" | "status", "charger": ID}
    {"cmd": "stay-away", "charger": ID}     after its next disconnection, never reconnect
Events on standard output, one JSON object a line:
    {"event": "connected", "charger", "subprotocol"}   {"event": "closed", "charger", "code", "reason"}
    {"event": "refused", "charger", "status"}          {"event": "answer", "charger", "action", "payload"}
    {"event": "call-error", "charger", "action", "error"}   {"event": "request", "charger", "action"}
"""
import argparse
import asyncio
import base64
import json
import ssl
import sys
import urllib.parse
from datetime import datetime, timezone

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from ocpp.routing import on
from ocpp.v16 import ChargePoint as ChargePoint16, call as call16, call_result as result16
from ocpp.v16.enums import Action as Action16
from ocpp.v201 import ChargePoint as ChargePoint201, call as call201, call_result as result201
from ocpp.v201.enums import Action as Action201

args = None


def emit(record):
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


def now_iso():
    return datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")


class Station16(ChargePoint16):
    @on(Action16.remote_start_transaction)
    def on_remote_start(self, id_tag, **kwargs):
        emit({"event": "request", "charger": self.id, "action": "RemoteStartTransaction"})
        return result16.RemoteStartTransaction(status="Accepted")

    @on(Action16.reset)
    def on_reset(self, type):
        emit({"event": "request", "charger": self.id, "action": "Reset"})
        return result16.Reset(status="Accepted")

    @on(Action16.trigger_message)
    def on_trigger(self, requested_message, **kwargs):
        emit({"event": "request", "charger": self.id, "action": "TriggerMessage"})
        return result16.TriggerMessage(status="Accepted")


class Station201(ChargePoint201):
    @on(Action201.request_start_transaction)
    def on_remote_start(self, id_token, remote_start_id, **kwargs):
        emit({"event": "request", "charger": self.id, "action": "RequestStartTransaction"})
        return result201.RequestStartTransaction(status="Accepted")

    @on(Action201.reset)
    def on_reset(self, type, **kwargs):
        emit({"event": "request", "charger": self.id, "action": "Reset"})
        return result201.Reset(status="Accepted")


class Charger:
    def __init__(self, charger_id):
        self.id = charger_id
        self.commands = asyncio.Queue()
        self.pending = []  # transaction messages not yet answered: (action, payload), in order
        self.booted = False
        self.transaction = None
        self.transactions = 0
        self.stay_away = False
        self.version = None

    def url(self):
        return args.url.rstrip("/") + "/" + urllib.parse.quote(self.id, safe="")

    async def run(self):
        offered = {"ocpp1.6": ["ocpp1.6"], "ocpp2.0.1": ["ocpp2.0.1"], "both": ["ocpp2.0.1", "ocpp1.6"], "none": None}[args.protocols]
        headers = {}
        if args.password:
            headers["Authorization"] = "Basic " + base64.b64encode(f"{self.id}:{args.password}".encode()).decode()
        while True:
            try:
                tls = ssl.create_default_context(cafile=args.ca) if args.ca else None
                async with connect(self.url(), subprotocols=offered, additional_headers=headers, ping_interval=None,
                                   open_timeout=15, close_timeout=5, compression=None, ssl=tls) as ws:
                    emit({"event": "connected", "charger": self.id, "subprotocol": ws.subprotocol})
                    await self.session(ws)
                    code, reason = ws.close_code, ws.close_reason
            except InvalidStatus as error:
                emit({"event": "refused", "charger": self.id, "status": error.response.status_code})
                code = None
            except (OSError, ConnectionClosed, asyncio.TimeoutError) as error:
                emit({"event": "unreachable", "charger": self.id, "error": repr(error)})
                code = None
            else:
                emit({"event": "closed", "charger": self.id, "code": code, "reason": reason})
            if self.stay_away:
                emit({"event": "stayed-away", "charger": self.id})
                return
            await asyncio.sleep(args.reconnect_delay)

    async def session(self, ws):
        self.version = ws.subprotocol or "ocpp1.6"
        cls = Station201 if self.version == "ocpp2.0.1" else Station16
        cp = cls(self.id, ws, response_timeout=args.response_timeout)
        listener = asyncio.create_task(cp.start())
        worker = asyncio.create_task(self.work(cp))
        done, _ = await asyncio.wait({listener, worker}, return_when=asyncio.FIRST_COMPLETED)
        for task in (listener, worker):
            task.cancel()
        await asyncio.gather(listener, worker, return_exceptions=True)

    async def work(self, cp):
        if not self.booted:
            answer = await self.call(cp, "BootNotification", self.boot_payload())
            if answer is None:
                return
            self.booted = True
        # Messages the backend never answered go first after a reconnect, in order.
        while self.pending:
            action, payload = self.pending[0]
            if await self.call(cp, action, payload) is None:
                return
            self.pending.pop(0)
        if await self.call(cp, "StatusNotification", self.status_payload()) is None:
            return
        while True:
            command = await self.commands.get()
            if not await self.perform(cp, command):
                return

    async def perform(self, cp, command):
        kind = command["cmd"]
        if kind in ("start", "stop", "meter"):
            action, payload = self.transaction_message(kind)
            self.pending.append((action, payload))
            while self.pending:
                action, payload = self.pending[0]
                answer = await self.call(cp, action, payload)
                if answer is None:
                    return False
                self.pending.pop(0)
                if action == "StartTransaction":
                    self.transaction = answer.get("transactionId")
            return True
        if kind == "heartbeat":
            return await self.call(cp, "Heartbeat", {}) is not None
        if kind == "status":
            return await self.call(cp, "StatusNotification", self.status_payload()) is not None
        return True

    async def call(self, cp, action, payload):
        module = call201 if self.version == "ocpp2.0.1" else call16
        snake = {camel_to_snake(k): v for k, v in payload.items()}
        try:
            answer = await cp.call(getattr(module, action)(**snake), suppress=False, skip_schema_validation=True)
        except ConnectionClosed:
            return None
        except asyncio.TimeoutError:
            emit({"event": "timeout", "charger": self.id, "action": action})
            return None
        except Exception as error:
            emit({"event": "call-error", "charger": self.id, "action": action, "error": repr(error)})
            return {}
        out = json_payload(answer)
        emit({"event": "answer", "charger": self.id, "action": action, "payload": out})
        return out

    def boot_payload(self):
        if self.version == "ocpp2.0.1":
            return {"chargingStation": {"model": "GL-DUO", "vendorName": "Gridlane"}, "reason": "PowerUp"}
        return {"chargePointModel": "GL-DUO", "chargePointVendor": "Gridlane"}

    def status_payload(self):
        if self.version == "ocpp2.0.1":
            return {"timestamp": now_iso(), "connectorStatus": "Available", "evseId": 1, "connectorId": 1}
        return {"connectorId": 1, "errorCode": "NoError", "status": "Available"}

    def transaction_message(self, kind):
        if self.version == "ocpp2.0.1":
            if kind == "start":
                self.transactions += 1
                self.transaction = f"{self.id}-tx{self.transactions}"
            event = {"start": "Started", "meter": "Updated", "stop": "Ended"}[kind]
            payload = {"eventType": event, "timestamp": now_iso(), "triggerReason": "Authorized" if kind == "start" else "MeterValuePeriodic",
                       "seqNo": 0, "transactionInfo": {"transactionId": self.transaction}}
            if kind == "stop":
                payload["triggerReason"] = "StopAuthorized"
                payload["transactionInfo"]["stoppedReason"] = "Local"
            if kind == "start":
                payload["idToken"] = {"idToken": "TAG-1", "type": "ISO14443"}
            return "TransactionEvent", payload
        if kind == "start":
            return "StartTransaction", {"connectorId": 1, "idTag": "TAG-1", "meterStart": 0, "timestamp": now_iso()}
        if kind == "meter":
            return "MeterValues", {"connectorId": 1, "transactionId": self.transaction,
                                   "meterValue": [{"timestamp": now_iso(), "sampledValue": [{"value": "1500"}]}]}
        return "StopTransaction", {"meterStop": 3000, "timestamp": now_iso(), "transactionId": self.transaction, "reason": "Local"}


def camel_to_snake(key):
    out = ""
    for ch in key:
        out += "_" + ch.lower() if ch.isupper() else ch
    return out


def json_payload(answer):
    from ocpp.charge_point import serialize_as_dict, remove_nones, snake_to_camel_case
    return snake_to_camel_case(remove_nones(serialize_as_dict(answer)))


async def command_loop(chargers):
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            return
        command = json.loads(line)
        charger = chargers.get(command.get("charger"))
        if charger is None:
            emit({"event": "unknown-charger", "charger": command.get("charger")})
        elif command["cmd"] == "stay-away":
            charger.stay_away = True
        else:
            await charger.commands.put(command)


async def main():
    global args
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--ids", required=True)
    parser.add_argument("--protocols", default="ocpp1.6", choices=["ocpp1.6", "ocpp2.0.1", "both", "none"])
    parser.add_argument("--password")
    parser.add_argument("--reconnect-delay", type=float, default=0.3)
    parser.add_argument("--response-timeout", type=float, default=10)
    parser.add_argument("--ca", help="PEM file of the CA to trust for wss://")
    args = parser.parse_args()
    chargers = {i: Charger(i) for i in args.ids.split(",") if i}
    tasks = [asyncio.create_task(c.run()) for c in chargers.values()]
    await command_loop(chargers)
    await asyncio.gather(*tasks)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
