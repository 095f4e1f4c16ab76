import Foundation

/// Runs a program, feeding `input` on standard input; returns its output, the wall time, the CPU time and
/// (through `/usr/bin/time` when it exists) its peak resident memory.
enum BenchShell {
    struct Run {
        var output: String
        var seconds: Double
        var cpu: Double
        /// Maximum resident set size in bytes (0 when `/usr/bin/time` is missing).
        var peakBytes: Int
    }

    static let timeTool = FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? "/usr/bin/time" : nil

    static func run(_ program: String, _ arguments: [String], input: String? = nil, environment: [String: String]? = nil,
                    allowFailure: Bool = false) throws -> Run {
        let cpuBefore = childrenCPU()
        let process = Process()
        let rssFile = NSTemporaryDirectory() + "bench-rss-\(getpid())"
        if let timeTool {
            process.executableURL = URL(fileURLWithPath: timeTool)
            process.arguments = ["-f", "%M", "-o", rssFile, program] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        }
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let outPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardInput = inPipe
        let started = DispatchTime.now()
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        let data = outPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        guard allowFailure || process.terminationStatus == 0 else {
            throw BenchError("\(program) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        var peak = 0
        if timeTool != nil, let text = try? String(contentsOfFile: rssFile, encoding: .utf8) {
            peak = (Int(text.split(separator: "\n").last(where: { Int($0) != nil }) ?? "") ?? 0) * 1024
        }
        return Run(output: String(decoding: data, as: UTF8.self), seconds: seconds, cpu: childrenCPU() - cpuBefore, peakBytes: peak)
    }

    /// The first executable named `name` on PATH.
    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

/// Elapsed wall time of `body`, in seconds.
func measure<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let started = DispatchTime.now()
    let value = try body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9)
}

/// User + system CPU seconds of the waited-for child processes.
func childrenCPU() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// User + system CPU seconds of this process.
func processCPU() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func megabytes(_ bytes: Int) -> String { String(format: "%.0f MB", Double(bytes) / 1_000_000) }
