import Foundation

/// Runs a program, feeding `input` on standard input; returns its output and the wall time.
enum BenchShell {
    static func run(_ program: String, _ arguments: [String], input: String? = nil) throws -> (output: String, seconds: Double, cpu: Double) {
        let cpuBefore = childrenCPU()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
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
        guard process.terminationStatus == 0 else {
            throw BenchError("\(program) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return (String(decoding: data, as: UTF8.self), seconds, childrenCPU() - cpuBefore)
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
