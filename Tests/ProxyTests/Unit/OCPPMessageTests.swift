import Testing
@testable import Proxy

/// Reading OCPP-J frames: the three shapes, everything else refused with a reason, ids rewritten
/// without touching another byte.
struct OCPPMessageTests {
    @Test func theThreeShapesParse() throws {
        let call = try OCPPMessage.parse(#"[2,"19223201","BootNotification",{"chargePointVendor":"VendorX","chargePointModel":"SingleSocketCharger"}]"#)
        #expect(call.kind == .call && call.id == "19223201" && call.action == "BootNotification")
        #expect(call.payload()["chargePointVendor"]?.string == "VendorX")
        let result = try OCPPMessage.parse(#"[3, "19223201", {"status":"Accepted","interval":300}]"#)
        #expect(result.kind == .result && result.action == nil && result.payload()["interval"] == .number("300"))
        let error = try OCPPMessage.parse(#"[4,"162376037","NotSupported","SetDisplayMessageRequest not implemented",{}]"#)
        #expect(error.kind == .error && error.action == "NotSupported")
    }

    @Test(arguments: [
        ("{}", "an OCPP-J frame is a JSON array"),
        (#"[5,"1",{}]"#, "message type 5 is not"),
        (#"[2,1,"Heartbeat",{}]"#, "the message id must be a string"),
        (#"[2,"1","Heartbeat"]"#, "expected ','"),
        (#"[2,"1","Heartbeat",[]]"#, "the payload must be an object"),
        (#"[3,"1",{},{}]"#, "too many elements"),
        (#"[2,"1","Heartbeat",{}] x"#, "text after the frame"),
        (#"[2,"1","Heartbeat",{"a":}]"#, "not JSON"),
        ("[2,\"1\",\"Heartbeat\",{\"a\":\"\u{01}\"}]", "control character"),
        (#"[2,"1","Heartbeat",{"a":01}]"#, "not JSON"),
        (#"[4,"1","GenericError",5,{}]"#, "the error description must be a string"),
    ])
    func otherTextIsRefusedWithItsReason(text: String, reason: String) {
        #expect(throws: FrameProblem.self) { try OCPPMessage.parse(text) }
        do { _ = try OCPPMessage.parse(text) } catch { #expect(error.reason.contains(reason), "\(error.reason)") }
    }

    @Test func nestingIsBoundedAndInvalidUTF8Refused() {
        let deep = #"[2,"1","DataTransfer",{"data":"# + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "}]"
        #expect(throws: FrameProblem.self) { try OCPPMessage.parse(deep) }
        var bytes = Array(#"[2,"1","Heartbeat",{"a":"x"}]"#.utf8)
        bytes[24] = 0xC0
        #expect(throws: FrameProblem.self) { try OCPPMessage.parse(String(decoding: bytes, as: UTF8.self) + "\u{FFFF}\u{0}") }
    }

    @Test func escapesAreResolvedInIdsAndPayloads() throws {
        let m = try OCPPMessage.parse(#"[2,"a\"b\u00e9\ud83d\ude00","DataTransfer",{"vendorId":"x\\y\n"}]"#)
        #expect(m.id == "a\"bé😀")
        #expect(m.payload()["vendorId"]?.string == "x\\y\n")
    }

    @Test func numbersKeepTheirLiteralAndTransactionIdsTheirType() throws {
        let m = try OCPPMessage.parse(#"[3,"1",{"transactionId":42,"other":"42","f":-1.5e3}]"#)
        #expect(m.payload()["transactionId"]?.identifierKey == "n:42")
        #expect(m.payload()["other"]?.identifierKey == "s:42")
        #expect(m.payload()["f"] == .number("-1.5e3"))
    }

    @Test func replacingTheIdChangesNothingElse() throws {
        let m = try OCPPMessage.parse(#"[2, "legacy-7" ,"TriggerMessage",{"requestedMessage":"StatusNotification"}]"#)
        let r = m.replacingID(with: "proxy-1")
        #expect(r.text == #"[2, "proxy-1" ,"TriggerMessage",{"requestedMessage":"StatusNotification"}]"#)
        #expect(r.id == "proxy-1" && r.payload()["requestedMessage"]?.string == "StatusNotification")
        let back = try OCPPMessage.parse(#"[3,"proxy-1",{"status":"Accepted"}]"#).replacingID(with: "quote\"d")
        #expect(back.text == #"[3,"quote\"d",{"status":"Accepted"}]"#)
        #expect(try OCPPMessage.parse(back.text).id == "quote\"d")
    }

    @Test func aFrameWithLineBreaksIsRecordedOnOneLine() throws {
        let m = try OCPPMessage.parse("[2,\n  \"1\",\r\n  \"DataTransfer\",\n  {\"vendorId\": \"a b\\n\", \"data\": \" x \"}\n]")
        #expect(String(decoding: m.singleLineBytes, as: UTF8.self) == #"[2,"1","DataTransfer",{"vendorId":"a b\n","data":" x "}]"#)
        let plain = try OCPPMessage.parse(#"[2, "1", "Heartbeat", {}]"#)
        #expect(String(decoding: plain.singleLineBytes, as: UTF8.self) == #"[2, "1", "Heartbeat", {}]"#, "unchanged when on one line")
    }
}
