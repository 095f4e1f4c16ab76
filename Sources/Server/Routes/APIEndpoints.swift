import Application
import Engine
import Hummingbird

/// The API's endpoints, by concern (each in its own file): system, reads, transitions, records (issues, imports),
/// administration (cohorts, tokens).
struct APIEndpoints {
    let server: ServerApplication
    var service: MigrationService { server.service }

    var all: [Endpoint] {
        system + reads + transitions + records + administration
    }
}
