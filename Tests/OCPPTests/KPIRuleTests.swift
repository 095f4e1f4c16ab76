import OCPP
import Testing

/// The counting rules, one small log each: OCPP.md's, and the choices docs/ocpp.md writes down where it is silent.
@Suite struct KPIRuleTests {
    static func totals(_ lines: [String]) throws -> [KPIMetric: Double] {
        let (a, _) = try aggregate(log(lines))
        var out: [KPIMetric: Double] = [:]
        for m in KPIMetric.allCases where a.totals[m.index] != 0 { out[m] = a.totals[m.index] }
        return out
    }

    static func rec(_ time: String, _ body: String, charger: String = "A") -> String {
        #"{"time":"2026-09-01T\#(time)Z","charger":"\#(charger)",\#(body)}"#
    }
    static func up(_ t: String, _ v: String = "ocpp1.6", charger: String = "A") -> String { rec(t, #""event":"connected","subprotocol":"\#(v)""#, charger: charger) }
    static func down(_ t: String, _ who: String = "network") -> String { rec(t, #""event":"disconnected","initiator":"\#(who)""#) }
    static func cp(_ t: String, _ frame: String) -> String { rec(t, #""from":"charger","frame":\#(frame)"#) }
    static func cs(_ t: String, _ frame: String) -> String { rec(t, #""from":"csms","frame":\#(frame)"#) }
    static let boot = #"[2,"1","BootNotification",{"chargePointModel":"M","chargePointVendor":"V"}]"#

    @Test func anAnswerAtExactly30sIsInTimeOneMillisecondLaterIsNot() throws {
        #expect(try Self.totals([Self.up("10:00:00.000"), Self.cp("10:00:00.000", Self.boot), Self.cs("10:00:30.000", #"[3,"1",{"status":"Accepted"}]"#)])
                == [.connectionEstablished: 1, .bootAccepted: 1])
        #expect(try Self.totals([Self.up("10:00:00.000"), Self.cp("10:00:00.000", Self.boot), Self.cs("10:00:30.001", #"[3,"1",{"status":"Accepted"}]"#)])
                == [.connectionEstablished: 1])
    }

    /// A late answer pairs with its CALL (no warning) and counts as no answer; a late remote start counts as an attempt at CALL + 30 s.
    @Test func aLateAnswerCountsAsNone() throws {
        let lines = [Self.up("10:00:00.000"), Self.cs("10:00:01.000", #"[2,"9","RemoteStartTransaction",{"idTag":"T"}]"#),
                     Self.cp("10:00:40.000", #"[3,"9",{"status":"Accepted"}]"#)]
        let (s, summary) = try samples(log(lines))
        #expect(summary.warnings.isEmpty)
        #expect(s.contains(KPISample(time: Timestamp.parse("2026-09-01T10:00:31Z")!, charger: "A", metric: .sessionAttempted, value: 1)))
        #expect(!s.contains { $0.metric == .remoteSucceeded })
    }

    /// End of log: a deadline at or after the last record leaves the CALL undecided; one before it decides it unanswered.
    @Test func theEndOfTheLogDecidesOnlyPassedDeadlines() throws {
        let call = Self.cs("10:00:00.000", #"[2,"9","RemoteStartTransaction",{"idTag":"T"}]"#)
        let atDeadline = [Self.up("09:59:00.000"), call, Self.cp("10:00:30.000", #"[2,"1","Heartbeat",{}]"#)]
        #expect(try Self.totals(atDeadline)[.sessionAttempted] == nil)
        #expect(try samples(log(atDeadline)).1.undecidedCalls == 2)
        let past = [Self.up("09:59:00.000"), call, Self.cp("10:00:30.001", #"[2,"1","Heartbeat",{}]"#)]
        #expect(try Self.totals(past)[.sessionAttempted] == 1)
    }

    @Test func aConnectionsEndDecidesItsOpenCalls() throws {
        let lines = [Self.up("10:00:00.000"), Self.cs("10:00:01.000", #"[2,"9","RemoteStartTransaction",{"idTag":"T"}]"#), Self.down("10:00:02.000")]
        let (s, summary) = try samples(log(lines))
        #expect(summary.undecidedCalls == 0)
        #expect(s.contains(KPISample(time: Timestamp.parse("2026-09-01T10:00:31Z")!, charger: "A", metric: .sessionAttempted, value: 1)))
        // The answer on the next connection pairs with nothing.
        let later = lines + [Self.up("10:00:03.000"), Self.cp("10:00:04.000", #"[3,"9",{"status":"Accepted"}]"#)]
        #expect(try samples(log(later)).1.warnings.count == 1)
    }

    @Test func aNewConnectedEndsTheOldConnectionWithoutCountingADrop() throws {
        #expect(try Self.totals([Self.up("10:00:00.000"), Self.up("10:05:00.000"), Self.down("10:06:00.000", "router")]) == [.connectionEstablished: 2])
        #expect(try Self.totals([Self.up("10:00:00.000"), Self.down("10:06:00.000", "csms"), Self.up("10:07:00.000"), Self.down("10:08:00.000", "charger")])
                == [.connectionEstablished: 2, .connectionDropped: 2])
    }

    @Test func eventsOfOneChargerAndMetricAtOneInstantAreOneSample() throws {
        let lines = [Self.up("10:00:00.000"), Self.cp("10:00:01.000", #"[4,"a","InternalError","",{}]"#), Self.cp("10:00:01.000", #"[4,"b","InternalError","",{}]"#),
                     Self.cp("10:00:01.001", #"[4,"c","InternalError","",{}]"#)]
        let errors = try samples(log(lines)).0.filter { $0.metric == .callError }
        #expect(errors.map(\.value) == [2, 1])
    }

    /// Answers pair with the other side's CALL: both sides may have "1" open at once.
    @Test func answersPairWithTheOtherSidesCall() throws {
        let lines = [Self.up("10:00:00.000"), Self.cp("10:00:01.000", Self.boot), Self.cs("10:00:01.000", #"[2,"1","Reset",{"type":"Hard"}]"#),
                     Self.cp("10:00:02.000", #"[3,"1",{"status":"Rejected"}]"#), Self.cs("10:00:03.000", #"[3,"1",{"status":"Accepted"}]"#)]
        #expect(try Self.totals(lines) == [.connectionEstablished: 1, .bootAccepted: 1, .remoteRequested: 1, .remoteResetRequested: 1])
    }

    @Test func anOrphanAnswerIsAWarningAndCountsOnlyAsCallError() throws {
        let lines = [Self.up("10:00:00.000"), Self.cs("10:00:01.000", #"[3,"77",{"status":"Accepted"}]"#), Self.cs("10:00:02.000", #"[4,"78","GenericError","",{}]"#)]
        let (s, summary) = try samples(log(lines))
        #expect(summary.warnings.map(\.line) == [2, 3])
        #expect(Set(s.map(\.metric)) == [.connectionEstablished, .callError])
    }

    @Test func remoteActionsAndTheirSuccess() throws {
        let lines = [Self.up("10:00:00.000", "ocpp2.0.1"),
                     Self.cs("10:00:01.000", #"[2,"1","Reset",{"type":"OnIdle"}]"#), Self.cp("10:00:02.000", #"[3,"1",{"status":"Scheduled"}]"#),
                     Self.cs("10:00:03.000", #"[2,"2","UnlockConnector",{"evseId":1,"connectorId":1}]"#), Self.cp("10:00:04.000", #"[3,"2",{"status":"Unlocked"}]"#),
                     Self.cs("10:00:05.000", #"[2,"3","RequestStartTransaction",{"idToken":{"idToken":"T","type":"ISO14443"},"remoteStartId":1}]"#),
                     Self.cp("10:00:06.000", #"[3,"3",{"status":"Accepted"}]"#),
                     Self.cs("10:00:07.000", #"[2,"4","RequestStartTransaction",{"idToken":{"idToken":"T","type":"ISO14443"},"remoteStartId":2}]"#),
                     Self.cp("10:00:08.000", #"[4,"4","InternalError","",{}]"#),
                     Self.cs("10:00:09.000", #"[2,"5","TriggerMessage",{"requestedMessage":"StatusNotification"}]"#), Self.cp("10:00:10.000", #"[3,"5",{"status":"Rejected"}]"#)]
        #expect(try Self.totals(lines) == [.connectionEstablished: 1, .remoteRequested: 5, .remoteSucceeded: 3, .remoteResetRequested: 1, .remoteResetSucceeded: 1,
                                           .remoteUnlockRequested: 1, .remoteUnlockSucceeded: 1, .sessionAttempted: 1, .callError: 1])
    }

    /// The negotiated subprotocol decides how a frame is read: 1.6 has no TransactionEvent; 2.0.1's status is `connectorStatus`.
    @Test func theSubprotocolDecidesTheReading() throws {
        let te = #"[2,"1","TransactionEvent",{"eventType":"Started","timestamp":"2026-09-01T10:00:00Z","triggerReason":"Authorized","seqNo":0,"transactionInfo":{"transactionId":"X"}}]"#
        #expect(try Self.totals([Self.up("10:00:00.000"), Self.cp("10:00:01.000", te)]) == [.connectionEstablished: 1])
        #expect(try Self.totals([Self.up("10:00:00.000", "ocpp2.0.1"), Self.cp("10:00:01.000", te), Self.cs("10:00:01.100", #"[3,"1",{}]"#)])
                == [.connectionEstablished: 1, .sessionAttempted: 1, .sessionStarted: 1])
        let faulted16 = #"[2,"2","StatusNotification",{"connectorId":1,"errorCode":"GroundFailure","status":"Faulted"}]"#
        #expect(try Self.totals([Self.up("10:00:00.000", "ocpp2.0.1"), Self.cp("10:00:01.000", faulted16)]) == [.connectionEstablished: 1])
        #expect(try Self.totals([Self.up("10:00:00.000"), Self.cp("10:00:01.000", faulted16)]) == [.connectionEstablished: 1, .statusFaulted: 1])
    }

    /// Frames with no `connected` before them (a log that starts mid-connection) are read by their action names, with a warning.
    @Test func framesBeforeAnyConnectionAreReadByActionName() throws {
        let (a, summary) = try aggregate(log([Self.cp("10:00:01.000", #"[2,"2","StatusNotification",{"timestamp":"2026-09-01T10:00:00Z","connectorStatus":"Faulted","evseId":1,"connectorId":1}]"#)]))
        #expect(a.totals[KPIMetric.statusFaulted.index] == 1)
        #expect(summary.warnings.count == 1)
    }

    static func transaction(meterStart: String = "1000", values: [String], stop: String, stopTime: String = "10:30:00Z", startTime: String = "10:00:00Z") -> [String] {
        var lines = [Self.up("09:59:00.000"),
                     Self.cp("10:00:00.000", #"[2,"1","StartTransaction",{"connectorId":1,"idTag":"T","meterStart":\#(meterStart),"timestamp":"2026-09-01T\#(startTime)"}]"#),
                     Self.cs("10:00:00.100", #"[3,"1",{"transactionId":5,"idTagInfo":{"status":"Blocked"}}]"#)]
        for (k, v) in values.enumerated() {
            lines.append(Self.cp("10:1\(k):00.000", #"[2,"m\#(k)","MeterValues",{"connectorId":1,"transactionId":5,"meterValue":[{"timestamp":"2026-09-01T10:1\#(k):00Z","sampledValue":[\#(v)]}]}]"#))
        }
        lines.append(Self.cp("10:30:00.000", #"[2,"9","StopTransaction",{"transactionId":5,"meterStop":\#(stop),"timestamp":"2026-09-01T\#(stopTime)"}]"#))
        return lines
    }

    @Test func kWhRegistersAreExactDecimals() throws {
        let clean = try Self.totals(Self.transaction(meterStart: "2000000", values: [#"{"value":"2095.014","unit":"kWh"}"#], stop: "2095014"))
        #expect(clean[.cdrChecked] == 1 && clean[.cdrMismatched] == nil && clean[.energyWh] == 95014)
        #expect(clean[.sessionAttempted] == 1 && clean[.sessionStarted] == nil, "a Blocked idTag is attempted, not started, and still checked")
        let above = try Self.totals(Self.transaction(meterStart: "2000000", values: [#"{"value":"2095.0141","unit":"kWh"}"#], stop: "2095014"))
        #expect(above[.cdrMismatched] == 1 && above[.energyWh] == nil)
    }

    @Test func otherMeasurandsAndUnitsAreIgnored() throws {
        let values = [#"{"value":"99999999","measurand":"Power.Active.Import","unit":"W"}"#, #"{"value":"99999","unit":"varh"}"#, #"{"value":"1500"}"#,
                      #"{"value":"not-a-number","format":"SignedData"}"#]
        #expect(try Self.totals(Self.transaction(values: values, stop: "2000"))[.energyWh] == 1000)
        #expect(try Self.totals(Self.transaction(values: [#"{"value":"2000.5"}"#], stop: "2000"))[.cdrMismatched] == 1)
    }

    @Test func inconsistentCDRs() throws {
        #expect(try Self.totals(Self.transaction(values: [], stop: "999"))[.cdrMismatched] == 1, "meterStop < meterStart")
        #expect(try Self.totals(Self.transaction(values: [], stop: "1000", stopTime: "09:59:59Z"))[.cdrMismatched] == 1, "stop before start")
        #expect(try Self.totals(Self.transaction(values: [], stop: "1000", stopTime: "10:00:00+00:00"))[.cdrMismatched] == nil, "equal times are not backwards")
        #expect(try Self.totals(Self.transaction(values: [], stop: "1000", startTime: "not a time"))[.cdrMismatched] == 1, "a CDR timestamp that is not a date")
    }

    /// A stop of a transaction that began before the log (or whose start was not answered in time) is a stop, not a checked CDR.
    @Test func aStopWithoutItsStartIsNotChecked() throws {
        let stop = Self.cp("10:30:00.000", #"[2,"9","StopTransaction",{"transactionId":42,"meterStop":10,"timestamp":"2026-09-01T10:30:00Z","reason":"PowerLoss"}]"#)
        #expect(try Self.totals([Self.up("10:00:00.000"), stop]) == [.connectionEstablished: 1, .sessionStopped: 1, .sessionStoppedAbnormally: 1])
    }

    /// The same sender reusing the id of its CALL still open: the earlier CALL is never answered.
    @Test func aReusedIdSupersedesTheOpenCall() throws {
        let lines = [Self.up("10:00:00.000"), Self.cs("10:00:01.000", #"[2,"1","RemoteStartTransaction",{"idTag":"T"}]"#),
                     Self.cs("10:00:02.000", #"[2,"1","Reset",{"type":"Soft"}]"#), Self.cp("10:00:03.000", #"[3,"1",{"status":"Accepted"}]"#)]
        #expect(try Self.totals(lines) == [.connectionEstablished: 1, .remoteRequested: 2, .remoteResetRequested: 1, .remoteSucceeded: 1,
                                           .remoteResetSucceeded: 1, .sessionAttempted: 1])
    }

    @Test func stopReasons() throws {
        func stopped(_ reason: String) throws -> [KPIMetric: Double] {
            try Self.totals([Self.up("10:00:00.000"), Self.cp("10:00:01.000", #"[2,"9","StopTransaction",{"transactionId":1,"meterStop":1,"timestamp":"2026-09-01T10:00:00Z"\#(reason)}]"#)])
        }
        #expect(try stopped("")[.sessionStoppedAbnormally] == nil, "absent = Local")
        #expect(try stopped(#","reason":"EVDisconnected""#)[.sessionStoppedAbnormally] == nil)
        #expect(try stopped(#","reason":"EmergencyStop""#)[.sessionStoppedAbnormally] == 1)
        #expect(try stopped(#","reason":"emergencystop""#)[.sessionStoppedAbnormally] == nil, "exact, case-sensitive")
    }

    @Test func escapedChargerIdsAreDecoded() throws {
        let (a, _) = try aggregate(log([#"{"time":"2026-09-01T10:00:00.000Z","charger":"RDAM\u0020123","event":"connected","subprotocol":"ocpp1.6"}"#,
                                        #"{"time":"2026-09-01T10:00:01.000Z","charger":"RDAM 123","event":"disconnected","initiator":"csms"}"#]))
        #expect(a.chargerIDs == ["RDAM 123"])
        #expect(a.values(ofCharger: "RDAM 123")?[KPIMetric.connectionDropped.index] == 1)
    }

    /// Memory stays flat: at most 64 open 1.6 transactions per charger (the oldest is forgotten) and 16
    /// expired CALLs kept for late answers.
    @Test func boundedStatePerCharger() throws {
        var lines = [Self.up("10:00:00.000")]
        for k in 0..<65 {
            lines.append(Self.cp("10:00:01.000", #"[2,"s\#(k)","StartTransaction",{"connectorId":1,"idTag":"T","meterStart":0,"timestamp":"2026-09-01T10:00:00Z"}]"#))
            lines.append(Self.cs("10:00:01.000", #"[3,"s\#(k)",{"transactionId":\#(k),"idTagInfo":{"status":"Accepted"}}]"#))
        }
        lines.append(Self.cp("10:00:02.000", #"[2,"e0","StopTransaction",{"transactionId":0,"meterStop":5,"timestamp":"2026-09-01T10:00:02Z"}]"#))
        lines.append(Self.cp("10:00:02.000", #"[2,"e64","StopTransaction",{"transactionId":64,"meterStop":5,"timestamp":"2026-09-01T10:00:02Z"}]"#))
        #expect(try Self.totals(lines)[.cdrChecked] == 1, "the oldest of 65 open transactions was forgotten")

        var calls = [Self.up("10:00:00.000")]
        for k in 0..<17 { calls.append(Self.cs("10:00:01.000", #"[2,"t\#(k)","TriggerMessage",{"requestedMessage":"Heartbeat"}]"#)) }
        calls.append(Self.cp("10:01:00.000", #"[3,"t16",{"status":"Accepted"}]"#))
        calls.append(Self.cp("10:01:00.000", #"[3,"t0",{"status":"Accepted"}]"#))
        let (s, summary) = try samples(log(calls))
        #expect(summary.warnings.map(\.line) == [20], "a late answer to the 17th-oldest expired CALL finds it; the oldest was forgotten")
        #expect(!s.contains { $0.metric == .remoteSucceeded })
    }
}
