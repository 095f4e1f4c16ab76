import Foundation
import Proxy

extension ProxyCommand {
    /// The proxy's configuration from the command line (and the backends file).
    func proxyConfiguration() throws -> ProxyConfiguration {
        var c = ProxyConfiguration()
        c.listenHost = listen.host
        c.listenPort = listen.port
        c.pathPrefix = pathPrefix
        c.tlsCertificateFile = tlsCert
        c.tlsKeyFile = tlsKey
        c.operationsHost = operations.host
        c.operationsPort = operations.port
        c.logDirectory = noLog ? nil : log
        c.logFileBytes = logFileSize.bytes
        c.logQueueBytes = logQueue.bytes
        c.stateFile = state ?? (noLog ? nil : URL(fileURLWithPath: log).appendingPathComponent("proxy-state.json").path)
        if let backends { c.backends = try BackendsFile.load(backends) }
        c.unroutedTarget = unroutedBackend?.target
        c.switching = SwitchSettings(idleWait: idleWait.duration, forceGrace: forceGrace.duration, returnTimeout: returnTimeout.duration,
                                     batchSize: batch, batchInterval: batchInterval.duration)
        c.chargerSide = WebSocketSettings(pingInterval: pingInterval.duration == .zero ? nil : pingInterval.duration,
                                          maxMessageBytes: maxMessage.bytes, maxFrameBytes: maxMessage.bytes)
        c.backendSide = WebSocketSettings(pingInterval: backendPingInterval.duration == .zero ? nil : backendPingInterval.duration,
                                          maxMessageBytes: maxMessage.bytes, maxFrameBytes: maxMessage.bytes)
        c.connectTimeout = connectTimeout.duration
        c.assumedSubprotocol = assumeSubprotocol
        c.drainTimeout = drainTimeout.duration
        return c
    }
}
